using System.Collections.Generic;
using Rostrvm.Core.Binlog;

namespace Rostrvm.Core.Flashback
{
    /// <summary>
    /// Which later transaction first changed each row the undo touches: the rows events after the
    /// bad transaction, matched by the row's key in their before- or after-image. Holds only the
    /// touched rows, so memory follows the bad transaction, not the binlogs.
    /// </summary>
    public sealed class LaterChanges
    {
        private readonly Dictionary<string, FlashbackTable> _tables = new Dictionary<string, FlashbackTable>();
        private readonly HashSet<string> _touched = new HashSet<string>();
        private readonly Dictionary<string, string> _changedBy = new Dictionary<string, string>();

        public void Watch(IEnumerable<RowInverse> rows)
        {
            foreach (var row in rows)
            {
                _tables[row.Table.DisplayName] = row.Table;
                if (row.Key != null) _touched.Add(Id(row.Table, row.Key));
            }
        }

        /// <summary>Notes the rows of a transaction after the bad one.</summary>
        public void Observe(BinlogTransactionInfo transaction)
        {
            if (_touched.Count == 0) return;
            foreach (var e in transaction.Events)
            {
                if (e.Rows == null || !_tables.TryGetValue(e.Database + "." + e.Table, out var table)) continue;
                foreach (var row in e.Rows)
                {
                    Note(table, row.Before, transaction);
                    Note(table, row.After, transaction);
                }
            }
        }

        /// <summary>The first later transaction that changed the row; null when none did in the binlogs read.</summary>
        public string? ChangedBy(RowInverse row) =>
            row.Key != null && _changedBy.TryGetValue(Id(row.Table, row.Key), out var by) ? by : null;

        private void Note(FlashbackTable table, System.Collections.Specialized.OrderedDictionary? image,
            BinlogTransactionInfo transaction)
        {
            var key = RowKey.Of(table, image);
            if (key == null) return;
            var id = Id(table, key);
            if (_touched.Contains(id) && !_changedBy.ContainsKey(id)) _changedBy[id] = InverseBuilder.IdOf(transaction);
        }

        private static string Id(FlashbackTable table, string key) => table.DisplayName + "\0" + key;
    }
}
