using System;
using System.Collections.Generic;
using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Restore
{
    /// <summary>What to plan: the source database, where backups and binlogs are, and the target.</summary>
    public sealed class RestoreRequest
    {
        /// <summary>
        /// A plan of <paramref name="database"/> from the backups in <paramref name="backupFolder"/>, or in the settings'
        /// BackupPath when none is given.
        /// </summary>
        public static RestoreRequest From(RostrvmSettings settings, string? database, string? backupFolder = null) =>
            new RestoreRequest
            {
                Database = database,
                BackupFolder = backupFolder is { Length: > 0 } ? backupFolder : settings.EffectiveBackupPath,
            };

        public string? Database { get; set; }
        /// <summary>Where to restore; default the source database itself.</summary>
        public string? TargetDatabase { get; set; }
        /// <summary>Folder of .rbk files (settings BackupPath).</summary>
        public string? BackupFolder { get; set; }
        /// <summary>Folders of binlogs: the server's binlog directory first, then backups/binlog.</summary>
        public IList<string> BinlogFolders { get; set; } = new List<string>();
        /// <summary>Binlog base name (rtmbinlog) when no backup names it (-FromBinlogOnly).</summary>
        public string? BinlogBaseName { get; set; }
        /// <summary>-Path: this backup, not the newest before the target.</summary>
        public string? BackupPath { get; set; }
        public RestoreTargetKind Kind { get; set; } = RestoreTargetKind.Latest;
        public DateTime? PointInTimeUtc { get; set; }
        /// <summary>-StopPosition file:pos, or -StopBefore's event position (file name and position).</summary>
        public string? StopFile { get; set; }
        public long StopPosition { get; set; }
        /// <summary>-ExcludeTransaction: GTIDs (0-1-42, uuid:42) or file:position of any event of the transaction.</summary>
        public IList<string> Exclude { get; set; } = new List<string>();
        public bool FromBinlogOnly { get; set; }
        /// <summary>"Now" for the in-the-future check (tests pin it).</summary>
        public DateTime? NowUtc { get; set; }
    }
}
