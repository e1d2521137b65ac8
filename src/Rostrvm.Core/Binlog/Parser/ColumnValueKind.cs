
namespace Rostrvm.Core.Binlog
{
    /// <summary>What a decoded column value holds.</summary>
    public enum ColumnValueKind : byte
    {
        /// <summary>The column is not in this image (binlog_row_image=MINIMAL/NOBLOB).</summary>
        Missing = 0,
        Null,
        Int64,
        UInt64,
        Single,
        Double,
        Decimal,
        /// <summary>A DECIMAL too wide for System.Decimal, kept as its exact text.</summary>
        DecimalText,
        String,
        Bytes,
        Bit,
        Enum,
        Set,
        Year,
        Date,
        DateTime,
        Timestamp,
        Time,
        Json,
        /// <summary>A partial JSON update (Partial_update_rows) as JSON_SET/JSON_REPLACE/JSON_REMOVE text.</summary>
        JsonDiff,
        Geometry,
        Vector,
    }
}
