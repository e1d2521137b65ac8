using System.Diagnostics.CodeAnalysis;
using System.Collections.Generic;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// The table maps seen so far, by table id: the only state rows decoding needs besides the
    /// format description. Cleared at each new file (table ids are only valid within one).
    /// </summary>
    public sealed class TableMapCache
    {
        private readonly Dictionary<ulong, TableMapEventData> _maps = new Dictionary<ulong, TableMapEventData>();

        public TableMapCache(IColumnInfoSource? columnInfo = null) { ColumnInfo = columnInfo; }

        public IColumnInfoSource? ColumnInfo { get; }

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

        public bool TryGet(ulong tableId, [NotNullWhen(true)] out TableMapEventData? map) => _maps.TryGetValue(tableId, out map);

        public void Clear() => _maps.Clear();
    }
}
