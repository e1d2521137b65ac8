using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>What an export covered.</summary>
    public sealed class BinlogExportResult
    {
        public string[] Files { get; internal set; } = Array.Empty<string>();
        public long Events { get; internal set; }
        public long Statements { get; internal set; }
        public long Transactions { get; internal set; }
        /// <summary>Transactions in the range of which the filters left nothing but BEGIN/COMMIT (other databases).</summary>
        public long TransactionsOtherDatabases { get; internal set; }
        /// <summary>Such transactions of Test-RostrvmBackup's scratch databases (rostrvm_test_...).</summary>
        public long TransactionsScratch { get; internal set; }
        public long RowsEvents { get; internal set; }
        public string? FirstFile { get; internal set; }
        public long FirstPosition { get; internal set; }
        public string? LastFile { get; internal set; }
        public long LastEndPosition { get; internal set; }
        public DateTime? FirstEventTimeUtc { get; internal set; }
        public DateTime? LastEventTimeUtc { get; internal set; }
        public string? LastGtid { get; internal set; }
        public string[] Warnings { get; internal set; } = Array.Empty<string>();
    }
}
