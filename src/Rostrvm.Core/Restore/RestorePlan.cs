using System;
using System.Linq;

namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// What Get-RostrvmRestorePlan returns and Restore-RostrvmDatabase executes: the full backup
    /// to start from, the binlog chain, the exact stop, and the verdict.
    /// </summary>
    public sealed class RestorePlan
    {
        public string Database { get; set; } = "";
        public string TargetDatabase { get; set; } = "";
        public RestoreTargetKind TargetKind { get; set; }
        /// <summary>The target moment in UTC (point in time), or null.</summary>
        public DateTime? PointInTimeUtc { get; set; }
        /// <summary>The same moment in the local time of the machine that made the plan.</summary>
        public DateTime? PointInTime { get; set; }
        public string? StopPositionRequested { get; set; }

        public string? BackupPath { get; set; }
        public DateTime? BackupSnapshotTimeUtc { get; set; }
        public DateTime? BackupSnapshotTime { get; set; }
        public string? BackupBinlogFile { get; set; }
        public long BackupBinlogPosition { get; set; }
        public string? BackupGtid { get; set; }
        public bool FromBinlogOnly { get; set; }

        public RestoreBinlogFile[] Binlogs { get; set; } = new RestoreBinlogFile[0];
        public string[] BinlogFolders { get; set; } = new string[0];

        /// <summary>The event replay stops before (file:position, type, time); null when it runs to the end of the chain.</summary>
        public string? StopEvent { get; set; }
        public string? StopFile { get; set; }
        public long? StopPosition { get; set; }
        public DateTime? StopEventTimeUtc { get; set; }

        public RestoreTransaction? LastApplied { get; set; }
        public RestoreTransaction? FirstNotApplied { get; set; }
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
        public string? LargestEvent { get; set; }
        /// <summary>The max_allowed_packet that statement needs (0 when nothing is replayed).</summary>
        public long MaxAllowedPacketNeeded { get; set; }
        /// <summary>What the planner's walk measures for <see cref="LargestEvent"/>.</summary>
        internal LargestEvent ReplaySize { get; } = new LargestEvent();

        /// <summary>True when the backup and chain reach the target.</summary>
        public bool Reachable { get; set; }
        /// <summary>"Complete: ..." or the reason the target cannot be reached.</summary>
        public string Verdict { get; set; } = "";
        /// <summary>Every problem found (gaps, missing files, refusals), each a sentence.</summary>
        public string[] Problems { get; set; } = new string[0];
        /// <summary>Stable error id of the first problem (RestorePointBeforeFirstBackup, RestorePointInFuture,
        /// BinlogChainGap...).</summary>
        public string? ProblemId { get; set; }
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
}
