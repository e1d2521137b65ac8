#nullable disable
using System;
using System.Linq;

namespace Rostrvm.Core.Restore
{
    /// <summary>What the administrator asked to restore to.</summary>
    public enum RestoreTargetKind
    {
        /// <summary>Only the full backup (-Path without a target).</summary>
        BackupOnly,
        /// <summary>Everything committed before a moment (-PointInTime).</summary>
        PointInTime,
        /// <summary>Up to, not including, the event at a binlog position (-StopPosition).</summary>
        Position,
        /// <summary>Up to, not including, the transaction holding an event (-StopBefore).</summary>
        BeforeTransaction,
        /// <summary>Everything in the binlogs (with -ExcludeTransaction: everything but the bad ones).</summary>
        Latest,
    }

    /// <summary>One binlog file of the chain a restore replays.</summary>
    public sealed class RestoreBinlogFile
    {
        public string Name { get; set; }
        public string Path { get; set; }
        /// <summary>Server (the server's binlog directory) or Copy (backups/binlog); "Server+Copy" when both hold identical
        /// files.</summary>
        public string Source { get; set; }
        public long Sequence { get; set; }
        public long Size { get; set; }
        public long ServerId { get; set; }
        /// <summary>False for the file the server is still writing.</summary>
        public bool Closed { get; set; }
        /// <summary>Where replay starts in this file (4 = from the start).</summary>
        public long StartPosition { get; set; }
        /// <summary>Where replay stops in this file: the stop event, or the file's length when the plan was made.</summary>
        public long StopPosition { get; set; }

        public override string ToString() => Name;
    }

    /// <summary>A transaction the plan names: the last one applied, the first one not applied, an excluded one.</summary>
    public sealed class RestoreTransaction
    {
        public string File { get; set; }
        public long Position { get; set; }
        public long EndPosition { get; set; }
        public DateTime TimeUtc { get; set; }
        public DateTime Time { get; set; }
        public string Gtid { get; set; }
        /// <summary>The statements (SQL text) or row changes (operation and table) it holds, shortened.</summary>
        public string Summary { get; set; }

        public override string ToString() => $"{File}:{Position} {Time:yyyy-MM-dd HH:mm:ss} {Summary}";
    }

    /// <summary>
    /// What Get-RostrvmRestorePlan returns and Restore-RostrvmDatabase executes: the full backup
    /// to start from, the binlog chain, the exact stop, and the verdict.
    /// </summary>
    public sealed class RestorePlan
    {
        public string Database { get; set; }
        public string TargetDatabase { get; set; }
        public RestoreTargetKind TargetKind { get; set; }
        /// <summary>The target moment in UTC (point in time), or null.</summary>
        public DateTime? PointInTimeUtc { get; set; }
        /// <summary>The same moment in the local time of the machine that made the plan.</summary>
        public DateTime? PointInTime { get; set; }
        public string StopPositionRequested { get; set; }

        public string BackupPath { get; set; }
        public DateTime? BackupSnapshotTimeUtc { get; set; }
        public DateTime? BackupSnapshotTime { get; set; }
        public string BackupBinlogFile { get; set; }
        public long BackupBinlogPosition { get; set; }
        public string BackupGtid { get; set; }
        public bool FromBinlogOnly { get; set; }

        public RestoreBinlogFile[] Binlogs { get; set; } = new RestoreBinlogFile[0];
        public string[] BinlogFolders { get; set; } = new string[0];

        /// <summary>The event replay stops before (file:position, type, time); null when it runs to the end of the chain.</summary>
        public string StopEvent { get; set; }
        public string StopFile { get; set; }
        public long? StopPosition { get; set; }
        public DateTime? StopEventTimeUtc { get; set; }

        public RestoreTransaction LastApplied { get; set; }
        public RestoreTransaction FirstNotApplied { get; set; }
        public RestoreTransaction[] Excluded { get; set; } = new RestoreTransaction[0];
        /// <summary>Requested exclusions as given (GTID or file:position).</summary>
        public string[] ExcludeRequested { get; set; } = new string[0];

        /// <summary>Transactions of the restored database to replay (others in the same files are counted apart).</summary>
        public long TransactionsToApply { get; set; }
        /// <summary>Transactions in the replayed range that change only other databases: not replayed ("skipped, other
        /// databases").</summary>
        public long TransactionsOtherDatabases { get; set; }
        /// <summary>Transactions in the replayed range of Test-RostrvmBackup's scratch databases (rostrvm_test_...): not
        /// replayed.</summary>
        public long TransactionsScratchDatabases { get; set; }
        public long EventsToApply { get; set; }
        /// <summary>The largest statement the replay sends (file:position and type), or null.</summary>
        public string LargestEvent { get; set; }
        /// <summary>The max_allowed_packet that statement needs (0 when nothing is replayed).</summary>
        public long MaxAllowedPacketNeeded { get; set; }
        /// <summary>What the planner's walk measures for <see cref="LargestEvent"/>.</summary>
        internal LargestEvent ReplaySize { get; } = new LargestEvent();

        /// <summary>True when the backup and chain reach the target.</summary>
        public bool Reachable { get; set; }
        /// <summary>"Complete: ..." or the reason the target cannot be reached.</summary>
        public string Verdict { get; set; }
        /// <summary>Every problem found (gaps, missing files, refusals), each a sentence.</summary>
        public string[] Problems { get; set; } = new string[0];
        /// <summary>Stable error id of the first problem (RestorePointBeforeFirstBackup, RestorePointInFuture,
        /// BinlogChainGap...).</summary>
        public string ProblemId { get; set; }
        public string[] Warnings { get; set; } = new string[0];
        public DateTime CreatedUtc { get; set; }

        public override string ToString() => $"{Database} -> {TargetDatabase}: {Verdict}";

        /// <summary>
        /// -RaiseMaxAllowedPacket on a plan refused only because the server's max_allowed_packet
        /// was too small: that is what the switch remedies, and the restore checks the server again.
        /// </summary>
        public void ClearPacketProblem()
        {
            if (ProblemId != PacketLimit.TooSmallId || Problems.Length != 1) return;
            Problems = new string[0];
            ProblemId = null;
            Reachable = true;
            Verdict = TransactionsToApply + " transaction(s) to replay; max_allowed_packet is raised for the restore.";
        }

        /// <summary>A refusal found after planning (by a check that needs the server): the plan becomes unreachable.</summary>
        public void AddProblem(RestoreProblem problem)
        {
            Problems = Problems.Concat(new[] { problem.Message }).ToArray();
            if (Reachable) ProblemId = problem.Id;
            Reachable = false;
            Verdict = "Unreachable: " + Problems[0];
        }
    }

    /// <summary>One table after a restore: CHECKSUM TABLE and row count.</summary>
    public sealed class RestoreTableChecksum
    {
        public string Table { get; set; }
        public long Rows { get; set; }
        public long? Checksum { get; set; }
    }

    /// <summary>What Restore-RostrvmDatabase did.</summary>
    public sealed class RestoreResult
    {
        public string Database { get; set; }
        public string TargetDatabase { get; set; }
        public RestorePlan Plan { get; set; }
        public bool Completed { get; set; }
        public string BackupLoaded { get; set; }
        public string SafetyBackup { get; set; }
        public long EventsApplied { get; set; }
        public long StatementsApplied { get; set; }
        /// <summary>Transactions of the restored database applied.</summary>
        public long TransactionsApplied { get; set; }
        /// <summary>Transactions of other databases in the replayed files, of which nothing was applied (scratch databases counted
        /// apart).</summary>
        public long TransactionsSkippedOtherDatabases { get; set; }
        /// <summary>Transactions of scratch databases (rostrvm_test_...) in the replayed files, not applied.</summary>
        public long TransactionsSkippedScratch { get; set; }
        public string LastAppliedFile { get; set; }
        public long LastAppliedPosition { get; set; }
        public DateTime? LastAppliedTimeUtc { get; set; }
        public DateTime? LastAppliedTime { get; set; }
        public string LastAppliedGtid { get; set; }
        /// <summary>True when the replay was kept out of the target's binary log (-NoBinlog: SET sql_log_bin=0).</summary>
        public bool BinaryLogDisabled { get; set; }
        /// <summary>What the engine did about GTIDs (DESIGN 5a), in a sentence.</summary>
        public string GtidHandling { get; set; }
        public string ServiceName { get; set; }
        public string ServiceAction { get; set; }
        public TimeSpan LoadDuration { get; set; }
        public TimeSpan ReplayDuration { get; set; }
        public TimeSpan Duration { get; set; }
        public RestoreTableChecksum[] Tables { get; set; } = new RestoreTableChecksum[0];
        public string[] Notes { get; set; } = new string[0];
        /// <summary>True when the restore was staged and swapped in (not -InPlace).</summary>
        public bool Staged { get; set; }
        /// <summary>The staging database the restore was built in (dropped once swapped in).</summary>
        public string StagingDatabase { get; set; }
        /// <summary>With -KeepPrevious: the database holding the tables the target had before.</summary>
        public string PreviousDatabase { get; set; }
        /// <summary>Set for -ScriptOnly: the script written instead of restoring.</summary>
        public string ScriptPath { get; set; }

        public override string ToString() => $"{TargetDatabase}: {EventsApplied} events, last {LastAppliedFile}:{LastAppliedPosition}";
    }
}
