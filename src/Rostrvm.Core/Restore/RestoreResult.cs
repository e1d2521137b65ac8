using System;

namespace Rostrvm.Core.Restore
{
    /// <summary>What Restore-RostrvmDatabase did.</summary>
    public sealed class RestoreResult
    {
        public string Database { get; set; } = "";
        public string TargetDatabase { get; set; } = "";
        public RestorePlan Plan { get; set; } = null!; // every result is made with its plan (DatabaseRestore)
        public bool Completed { get; set; }
        public string? BackupLoaded { get; set; }
        public string? SafetyBackup { get; set; }
        public long EventsApplied { get; set; }
        public long StatementsApplied { get; set; }
        /// <summary>Transactions of the restored database applied.</summary>
        public long TransactionsApplied { get; set; }
        /// <summary>Transactions of other databases in the replayed files, of which nothing was applied (scratch databases counted
        /// apart).</summary>
        public long TransactionsSkippedOtherDatabases { get; set; }
        /// <summary>Transactions of scratch databases (rostrvm_test_...) in the replayed files, not applied.</summary>
        public long TransactionsSkippedScratch { get; set; }
        public string? LastAppliedFile { get; set; }
        public long LastAppliedPosition { get; set; }
        public DateTime? LastAppliedTimeUtc { get; set; }
        public DateTime? LastAppliedTime { get; set; }
        public string? LastAppliedGtid { get; set; }
        /// <summary>True when the replay was kept out of the target's binary log (-NoBinlog: SET sql_log_bin=0).</summary>
        public bool BinaryLogDisabled { get; set; }
        /// <summary>What the engine did about GTIDs (DESIGN 5a), in a sentence.</summary>
        public string? GtidHandling { get; set; }
        public string? ServiceName { get; set; }
        public string? ServiceAction { get; set; }
        public TimeSpan LoadDuration { get; set; }
        public TimeSpan ReplayDuration { get; set; }
        public TimeSpan Duration { get; set; }
        public RestoreTableChecksum[] Tables { get; set; } = new RestoreTableChecksum[0];
        public string[] Notes { get; set; } = new string[0];
        /// <summary>True when the restore was staged and swapped in (not -InPlace).</summary>
        public bool Staged { get; set; }
        /// <summary>The staging database the restore was built in (dropped once swapped in).</summary>
        public string? StagingDatabase { get; set; }
        /// <summary>With -KeepPrevious: the database holding the tables the target had before.</summary>
        public string? PreviousDatabase { get; set; }
        /// <summary>Set for -ScriptOnly: the script written instead of restoring.</summary>
        public string? ScriptPath { get; set; }

        public override string ToString() => $"{TargetDatabase}: {EventsApplied} events, last {LastAppliedFile}:{LastAppliedPosition}";
    }
}
