using System;
using System.Collections.Generic;
using System.Linq;
using Rostrvm.Core.Backup;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Which events of a chain of binlog files a <see cref="BinlogScan"/> yields: mysqlbinlog's
    /// range options, the restore's stop and exclusions, and the database, table and operation
    /// filters of Get-RostrvmBinlogEvent and Export-RostrvmBinlog. One type for every reader, so
    /// a range means the same in the query, the exporter and the restore planner.
    /// </summary>
    public sealed class BinlogRange
    {
        /// <summary>Start at this position of the FIRST file (--start-position).</summary>
        public long? StartPosition { get; set; }

        /// <summary>Stop before the first event at or after this position of <see cref="StopFile"/> (--stop-position).</summary>
        public long? StopPosition { get; set; }

        /// <summary>The file (name) <see cref="StopPosition"/> is in; null: the LAST file.</summary>
        public string? StopFile { get; set; }

        /// <summary>Skip events before this time (--start-datetime). Local unless Kind is Utc.</summary>
        public DateTime? StartTime { get; set; }

        /// <summary>Stop at the first event at or after this time (--stop-datetime). Local unless Kind is Utc.</summary>
        public DateTime? StopTime { get; set; }

        /// <summary>
        /// Only events of these databases: statements whose default database it is or that change
        /// one of its tables, table maps and rows of its tables.
        /// </summary>
        public string[]? Databases { get; set; }

        /// <summary>Only events that change these tables (names, or db.table): rows events by their table, statements by the tables their
        /// SQL changes.</summary>
        public string[]? Tables { get; set; }

        /// <summary>Only events of these operations: Insert, Update, Delete, Ddl, Statement, Begin, Commit.</summary>
        public string[]? Operations { get; set; }

        /// <summary>Transactions to leave out entirely (the restore's -ExcludeTransaction), by GTID.</summary>
        public ICollection<string>? ExcludeGtids { get; set; }

        /// <summary>Transactions to leave out, decided on their first event (file, position, GTID).</summary>
        public Func<TransactionPosition, bool>? ExcludeTransaction { get; set; }

        /// <summary>
        /// Show the events of Test-RostrvmBackup's scratch databases (rostrvm_test_&lt;time&gt;...):
        /// the query, which leaves them out and counts them by default, keeps them. Every event is
        /// marked <see cref="BinlogScanEvent.Scratch"/> either way.
        /// </summary>
        public bool IncludeScratch { get; set; }

        internal DateTime? StartUtc => ToUtc(StartTime);
        internal DateTime? StopUtc => ToUtc(StopTime);

        /// <summary>True when scratch databases are shown: asked for, or named by a filter.</summary>
        internal bool ShowsScratch =>
            IncludeScratch || (Databases ?? new string[0]).Any(ScratchDatabase.IsScratch) ||
            (Tables ?? new string[0]).Any(t => t.IndexOf('.') > 0 && ScratchDatabase.IsScratch(t.Substring(0, t.IndexOf('.'))));

        private static DateTime? ToUtc(DateTime? t) =>
            t == null ? (DateTime?)null : t.Value.Kind == DateTimeKind.Utc ? t.Value : t.Value.ToUniversalTime();

        public static BinlogRange All => new BinlogRange();
    }
}
