using System;

namespace Rostrvm.Core.Backup
{
    /// <summary>What Test-RostrvmBackup returns: the backup proven (or not) table by table.</summary>
    public sealed class BackupTestResult
    {
        public string Path { get; set; } = "";
        public string? Database { get; set; }
        public string ScratchDatabase { get; set; } = "";
        public DateTime SnapshotTimeUtc { get; set; }
        public bool Passed { get; set; }
        public int TablesPassed { get; set; }
        public int TablesFailed { get; set; }
        public long Rows { get; set; }
        public BackupTableTestResult[] Tables { get; set; } = Array.Empty<BackupTableTestResult>();
        public string[] FailedTables { get; set; } = Array.Empty<string>();
        /// <summary>Every problem found, each naming the table or object and how it failed.</summary>
        public string[] Problems { get; set; } = Array.Empty<string>();
        public TimeSpan LoadDuration { get; set; }
        public TimeSpan VerifyDuration { get; set; }
        public TimeSpan Duration { get; set; }
        public bool ScratchDropped { get; set; }
        /// <summary>
        /// True when the scratch load and drop went into the server's binary log (and so to every
        /// replica and every later binlog query): with -Binlog, or when the account lacks <see cref="MissingPrivilege"/>.
        /// </summary>
        public bool WrittenToBinlog { get; set; }
        /// <summary>
        /// The privilege that SET sql_log_bin = 0 needs and the account lacks (null when it holds it, or with -Binlog).
        /// </summary>
        public string? MissingPrivilege { get; set; }
    }
}
