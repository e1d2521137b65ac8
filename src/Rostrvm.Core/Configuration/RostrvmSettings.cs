using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Serialization;

namespace Rostrvm.Core.Configuration
{
    /// <summary>
    /// Every setting of the maintenance jobs, with the product's defaults (maintenance guide and
    /// en-US/about_Rostrvm_Settings.help.txt). Paths left empty are derived from <see cref="Root"/>.
    /// Stored as JSON in <c>&lt;root&gt;/RostrvmMaintenance.json</c>.
    /// </summary>
    public sealed class RostrvmSettings
    {
        // --- where things are ---
        public string? Root { get; set; }

        // --- server and connection ---
        public string Server { get; set; } = "localhost";
        public int Port { get; set; } = 3308;
        /// <summary>rostrvm product version, e.g. 9.2.0; the database is rostrvm_&lt;vernum&gt;.</summary>
        public string Version { get; set; } = "9.2.0";
        /// <summary>Explicit database name; empty means rostrvm_&lt;vernum&gt;.</summary>
        public string? Database { get; set; }
        /// <summary>MySQL option file with a [client] user and password, readable only by its owner.</summary>
        public string? OptionFile { get; set; }
        /// <summary>Windows: a PSCredential DPAPI-protected for the task account (CredentialFile), before OptionFile.</summary>
        public string? CredentialFile { get; set; }
        /// <summary>None, Preferred, Required, VerifyCA, VerifyFull.</summary>
        public string SslMode { get; set; } = "Preferred";
        public int CommandTimeoutSeconds { get; set; } = 0;

        // --- full backups ---
        public string? BackupPath { get; set; }
        public int BackupCycle { get; set; } = 2;
        public bool BackupCompress { get; set; }
        /// <summary>How a compressed backup is compressed: Gzip (.rbk.gz, the default) or Zstd (.rbk.zst).</summary>
        public string BackupCompression { get; set; } = "Gzip";
        public bool TestBackupAfterWeekly { get; set; }
        /// <summary>Folders of CallDirector routing scripts and macros zipped with each full backup.</summary>
        public List<string>? ScriptPaths { get; set; }

        // --- encryption and mirrors ---
        /// <summary>Public key file or gpg key id that backups, binlog copies and MIS extracts are encrypted for; empty = plain
        /// files.</summary>
        public string? EncryptionRecipient { get; set; }
        /// <summary>Where every finished file is copied too: folders (local, UNC, mounted share) or sftp://user@host:port/path.</summary>
        public List<string>? Mirror { get; set; }
        /// <summary>Files older than this many days are removed from the mirrors (never the last complete backup nor the binlogs it needs);
        /// 0 keeps all.</summary>
        public int MirrorRetentionDays { get; set; }
        /// <summary>Full backups the mirror retention always keeps, newest first, whatever their age (like BackupCycle locally).</summary>
        public int MirrorCycle { get; set; } = 1;
        /// <summary>Private key file for sftp mirrors (owner-only); empty = ~/.ssh/id_ed25519 or id_rsa.</summary>
        public string? MirrorKeyFile { get; set; }

        // --- binlogs ---
        /// <summary>The server's binlog folder when it is local; empty means ask the server.</summary>
        public string? BinlogPath { get; set; }
        public string? BinlogBackupPath { get; set; }

        // --- MIS ---
        public string? MisExtractPath { get; set; }
        public int MisRetentionMonths { get; set; } = 1;
        public int MisBatchSize { get; set; } = 10000;
        /// <summary>MIS table name to the column that holds its row time.</summary>
        public Dictionary<string, string>? MisTables { get; set; }

        // --- logs ---
        public string? LogPath { get; set; }
        public int LogCompressAfterDays { get; set; } = 2;
        public int LogRetentionDays { get; set; } = 90;
        public List<string>? LogPatterns { get; set; }

        // --- recordings ---
        public string? ArchivePath { get; set; }
        public long ArchiveMaxSizeMB { get; set; } = 1024;
        /// <summary>One recording archive per None (size cap only, the site default), Day, Week or Month.</summary>
        public string ArchivePeriod { get; set; } = Recordings.ArchivePeriod.None;
        public int RecordingRetentionDays { get; set; } = 30;
        public Dictionary<string, RecordingSource>? RecordingSources { get; set; }

        // --- storage ---
        public int StorageWarningPercent { get; set; } = 10;
        public int StorageWarningDays { get; set; } = 30;

        // --- schedule ---
        public string WeeklyDay { get; set; } = "Sunday";
        public string WeeklyTime { get; set; } = "03:00";
        public string NightlyTime { get; set; } = "02:00";
        public string RecordingArchiveTime { get; set; } = "02:00";
        public string? TaskAccount { get; set; }
        public string? HistoryPath { get; set; }
        public int LockTimeoutSeconds { get; set; } = 600;

        /// <summary>The file these settings were read from.</summary>
        [JsonIgnore]
        public string? SettingsPath { get; set; }

        /// <summary>rostrvm_920 for version 9.2.0: the version without dots or dashes.</summary>
        [JsonIgnore]
        public string VersionNumber => (Version ?? string.Empty).Replace(".", string.Empty).Replace("-", string.Empty);

        [JsonIgnore]
        public string EffectiveDatabase => Database is { Length: > 0 } database ? database : "rostrvm_" + VersionNumber;

        /// <summary>The compression a backup gets: None unless BackupCompress, else BackupCompression.</summary>
        [JsonIgnore] public Backup.BackupCompression EffectiveBackupCompression =>
            BackupCompress ? CompressedBackupKind : Backup.BackupCompression.None;
        /// <summary>What BackupCompression names (Gzip when empty): the kind -Compress alone writes.</summary>
        [JsonIgnore] public Backup.BackupCompression CompressedBackupKind =>
            string.Equals(BackupCompression, nameof(Backup.BackupCompression.Zstd), StringComparison.OrdinalIgnoreCase)
                ? Backup.BackupCompression.Zstd : Backup.BackupCompression.Gzip;
        [JsonIgnore] public string EffectiveBackupPath => OrUnderRoot(BackupPath, "backups");
        [JsonIgnore] public string EffectiveBinlogBackupPath => OrUnderRoot(BinlogBackupPath, Path.Combine("backups", "binlog"));
        [JsonIgnore] public string EffectiveMisExtractPath => OrUnderRoot(MisExtractPath, "ExtractedMIS");
        [JsonIgnore] public string EffectiveLogPath => OrUnderRoot(LogPath, "logs");
        [JsonIgnore] public string EffectiveArchivePath => OrUnderRoot(ArchivePath, "archives");
        [JsonIgnore] public string EffectiveHistoryPath => OrUnderRoot(HistoryPath, Path.Combine("maintenance", "history"));

        [JsonIgnore]
        public IReadOnlyList<string> EffectiveScriptPaths => ScriptPaths ?? new List<string>
        {
            Path.Combine(Root ?? string.Empty, "CallDirector", "Scripts"),
            Path.Combine(Root ?? string.Empty, "Macros"),
        };

        [JsonIgnore]
        public IReadOnlyDictionary<string, string> EffectiveMisTables => MisTables ?? DefaultMisTables();

        // Rotated (a.log.1) and dated text logs (CallDirector_20260815.txt) too; not every *.txt: a
        // readme left in the log folder is not a log.
        [JsonIgnore]
        public IReadOnlyList<string> EffectiveLogPatterns => LogPatterns ?? new List<string> { "*.log", "*.log.*", "*_????????.txt" };

        [JsonIgnore]
        public IReadOnlyDictionary<string, RecordingSource> EffectiveRecordingSources => RecordingSources ?? RecordingSource.Defaults();

        public static Dictionary<string, string> DefaultMisTables() => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["mis_call"] = "start_time",
            ["mis_agent_state"] = "state_time",
            ["mis_queue_interval"] = "interval_start",
        };

        private string OrUnderRoot(string? value, string relative) =>
            value is { Length: > 0 } ? value : Path.Combine(Root ?? string.Empty, relative);
    }
}
