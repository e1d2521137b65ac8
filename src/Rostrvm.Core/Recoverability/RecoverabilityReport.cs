using System;

namespace Rostrvm.Core.Recoverability
{
    /// <summary>
    /// Test-RostrvmRecoverability's answer for one server: if it failed now, to which moment it
    /// could be restored, from what, how long that would take, and what stands in the way.
    /// Plain properties, so it survives remoting and feeds Export-RostrvmReport.
    /// </summary>
    public sealed class RecoverabilityReport
    {
        /// <summary>The machine that checked (where the files were read).</summary>
        public string ComputerName { get; set; } = "";
        public string? Server { get; set; }
        public int Port { get; set; }
        public string Database { get; set; } = "";
        /// <summary>Green (restorable to now, nothing to do), Amber (restorable, something needs doing) or Red (data would be
        /// lost).</summary>
        public string Verdict { get; set; } = "";
        /// <summary>One sentence: the first problem, or what the restore would use.</summary>
        public string Reason { get; set; } = "";
        /// <summary>True when a complete backup and an unbroken binlog chain reach the server's current position.</summary>
        public bool Recoverable { get; set; }

        public string? BackupName { get; set; }
        public string? BackupPath { get; set; }
        public DateTime? BackupSnapshotTime { get; set; }
        public DateTime? BackupSnapshotTimeUtc { get; set; }
        public long? BackupBytes { get; set; }
        public double? BackupDurationSeconds { get; set; }
        /// <summary>True when Test-RostrvmBackup passed on exactly this backup (same SHA-256); false when it failed; null when never
        /// tested.</summary>
        public bool? BackupTestPassed { get; set; }
        public DateTime? BackupTestedAt { get; set; }

        /// <summary>The server's binlog directory as read here; null when it is not readable from this machine.</summary>
        public string? ServerBinlogFolder { get; set; }
        public string? BinlogCopyFolder { get; set; }
        /// <summary>The binlog the server writes now.</summary>
        public string? CurrentBinlog { get; set; }
        /// <summary>Files of the chain from the backup's coordinates up to the first gap.</summary>
        public int ChainFiles { get; set; }
        public long ChainBytes { get; set; }
        public string? ChainFirst { get; set; }
        public string? ChainLast { get; set; }

        public DateTime? RecoverableFrom { get; set; }
        public DateTime? RecoverableFromUtc { get; set; }
        public DateTime? RecoverableTo { get; set; }
        public DateTime? RecoverableToUtc { get; set; }
        /// <summary>True when RecoverableTo is the moment of the check (the chain reaches the server's current position).</summary>
        public bool RecoverableToNow { get; set; }

        /// <summary>The newest binlog copied off the server directory and its last event.</summary>
        public string? NewestCopy { get; set; }
        public DateTime? NewestCopyTimeUtc { get; set; }
        /// <summary>What would be lost if the server's disk died now: the age of the newest binlog copy (of the backup, when no binlog is
        /// copied).</summary>
        public TimeSpan? Rpo { get; set; }
        /// <summary>
        /// Backup load plus binlog replay at the load rate the last passing Test-RostrvmBackup measured
        /// on this backup; null when no such test is on record.
        /// </summary>
        public TimeSpan? EstimatedRestoreTime { get; set; }

        public RecoverabilityProblem[] Problems { get; set; } = new RecoverabilityProblem[0];
        /// <summary>The problems' ids, for a quick look and Where-Object.</summary>
        public string[] ProblemIds { get; set; } = new string[0];

        public DateTime CheckedAt { get; set; }
        public DateTime CheckedAtUtc { get; set; }

        public override string ToString() => $"{Server}:{Port}/{Database} {Verdict}";
    }
}
