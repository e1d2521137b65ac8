
namespace Rostrvm.Core.Mis
{
    /// <summary>How a column's values are written to, and loaded back from, the CSV.</summary>
    public enum MisColumnKind
    {
        Signed,
        Unsigned,
        Decimal,
        Float,
        Double,
        Date,
        DateTime,
        Time,
        Year,
        Text,
        Binary,
        Bit,
    }
}
