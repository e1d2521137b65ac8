
namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Supplies column names (and, where it can, signedness and collations) for tables whose
    /// table map events carry no optional metadata, e.g. from information_schema.
    /// </summary>
    public interface IColumnInfoSource
    {
        /// <summary>The columns of a table in ordinal order, or null when unknown.</summary>
        ColumnInfo[]? GetColumns(string database, string table);
    }
}
