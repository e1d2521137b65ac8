using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>A transaction as Get-RostrvmBinlogEvent -Transaction shows it.</summary>
    public sealed class BinlogTransactionInfo
    {
        public string File { get; set; } = "";
        public long Position { get; set; }
        public long EndPosition { get; set; }
        public string EndFile { get; set; } = "";
        public DateTime TimeUtc { get; set; }
        public DateTime Time { get; set; }
        public DateTime EndTimeUtc { get; set; }
        public DateTime EndTime { get; set; }
        public string? Gtid { get; set; }
        public string[] Databases { get; set; } = Array.Empty<string>();
        public string[] Tables { get; set; } = Array.Empty<string>();
        public string[] Operations { get; set; } = Array.Empty<string>();
        public int EventCount { get; set; }
        public int RowCount { get; set; }
        /// <summary>False when the range ended before the transaction's commit.</summary>
        public bool Complete { get; set; }
        public BinlogEventInfo[] Events { get; set; } = Array.Empty<BinlogEventInfo>();
    }
}
