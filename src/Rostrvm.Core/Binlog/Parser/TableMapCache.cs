#nullable disable
using System.Collections.Generic;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Supplies column names (and, where it can, signedness and collations) for tables whose
    /// table map events carry no optional metadata, e.g. from information_schema.
    /// </summary>
    public interface IColumnInfoSource
    {
        /// <summary>The columns of a table in ordinal order, or null when unknown.</summary>
        ColumnInfo[] GetColumns(string database, string table);
    }

    /// <summary>What a schema knows about one column.</summary>
    public sealed class ColumnInfo
    {
        public ColumnInfo(string name, bool isUnsigned = false, int collationId = 0, string[] values = null)
        {
            Name = name;
            IsUnsigned = isUnsigned;
            CollationId = collationId;
            Values = values;
        }

        /// <summary>The members of an ENUM or SET column, in order; null otherwise.</summary>
        public string[] Values { get; }

        public string Name { get; }
        public bool IsUnsigned { get; }

        /// <summary>Collation id of a character column (63 = binary); 0 when not a character column or unknown.</summary>
        public int CollationId { get; }
    }

    /// <summary>
    /// The table maps seen so far, by table id: the only state rows decoding needs besides the
    /// format description. Cleared at each new file (table ids are only valid within one).
    /// </summary>
    public sealed class TableMapCache
    {
        private readonly Dictionary<ulong, TableMapEventData> _maps = new Dictionary<ulong, TableMapEventData>();

        public TableMapCache(IColumnInfoSource columnInfo = null) { ColumnInfo = columnInfo; }

        public IColumnInfoSource ColumnInfo { get; }

        public int Count => _maps.Count;

        public void Add(TableMapEventData map)
        {
            if (ColumnInfo != null && (map.ColumnNames == null || map.Unsigned == null || map.Collations == null))
            {
                var columns = ColumnInfo.GetColumns(map.Database, map.Table);
                if (columns != null && columns.Length == map.ColumnCount) map.ApplySchema(columns);
            }
            _maps[map.TableId] = map;
        }

        public bool TryGet(ulong tableId, out TableMapEventData map) => _maps.TryGetValue(tableId, out map);

        public void Clear() => _maps.Clear();
    }
}
