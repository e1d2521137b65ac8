using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>One event as Get-RostrvmBinlogEvent shows it: plain properties that survive remoting.</summary>
    public sealed class BinlogEventInfo
    {
        public string File { get; set; } = "";
        public long Position { get; set; }
        public long EndPosition { get; set; }
        public DateTime TimeUtc { get; set; }
        public DateTime Time { get; set; }
        public string Type { get; set; } = "";
        public long ServerId { get; set; }
        public string? Gtid { get; set; }
        public string? Database { get; set; }
        /// <summary>The (first) table the event changes: a rows event's table, or the first table a statement names.</summary>
        public string? Table { get; set; }
        /// <summary>Every table the event changes, as db.table (a multi-table statement names several); empty when none.</summary>
        public string[] Tables { get; set; } = Array.Empty<string>();
        /// <summary>Insert, Update, Delete, Ddl, Statement, Begin, Commit, or empty.</summary>
        public string? Operation { get; set; }
        /// <summary>The statement; for rows events, the Annotate_rows/Rows_query text when the server wrote one.</summary>
        public string? Sql { get; set; }
        public int RowCount { get; set; }
        public BinlogRowImage[]? Rows { get; set; }
        /// <summary>Start position of the transaction the event belongs to (for -StopBefore / -ExcludeTransaction).</summary>
        public long TransactionPosition { get; set; }
        public string? TransactionFile { get; set; }

        /// <summary>True for the event that ends its transaction (Xid, COMMIT, a DDL statement).</summary>
        public bool EndsTransaction { get; set; }
    }
}
