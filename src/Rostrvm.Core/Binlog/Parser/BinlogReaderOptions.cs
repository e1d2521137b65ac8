
namespace Rostrvm.Core.Binlog
{
    /// <summary>How to read a binlog file.</summary>
    public sealed class BinlogReaderOptions
    {
        /// <summary>First event position to return (after the format description event, which is always read). 4 = from the
        /// start.</summary>
        public long StartPosition { get; set; } = 4;

        /// <summary>Stop before the first event at or after this position (mysqlbinlog --stop-position); null = to the end.</summary>
        public long? StopPosition { get; set; }

        /// <summary>Verify each event's CRC32 when the format description says checksums are on.</summary>
        public bool VerifyChecksums { get; set; } = true;

        /// <summary>Decode event bodies (false: header and raw bytes only, the fastest walk).</summary>
        public bool Decode { get; set; } = true;

        /// <summary>Return the events inside Transaction_payload events after the payload event.</summary>
        public bool ExpandTransactionPayloads { get; set; } = true;

        /// <summary>Column names and types for table maps without optional metadata.</summary>
        public IColumnInfoSource? ColumnInfo { get; set; }
    }
}
