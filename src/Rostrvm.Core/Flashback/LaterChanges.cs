using System.Collections.Generic;
using System.Collections.Specialized;
using Rostrvm.Core.Binlog;

namespace Rostrvm.Core.Flashback
{
    /// <summary>
    /// Which later transaction first changed each row the undo touches: the rows events after the
    /// bad transaction, matched by the row's key in their before- or after-image. Holds only the
    /// touched rows' key hashes, so memory follows the bad transaction, not the binlogs.
    /// </summary>
    public sealed class LaterChanges
    {
        private readonly Dictionary<string, FlashbackTable> _tables = new Dictionary<string, FlashbackTable>();
        private RowKeyMap<string?> _touched = new RowKeyMap<string?>(); // the first later transaction, once seen

        public void Watch(IEnumerable<RowInverse> rows)
        {
            if (_touched.Count == 0 && rows is ICollection<RowInverse> all) _touched = new RowKeyMap<string?>(all.Count);
            foreach (var row in rows)
            {
                _tables[row.Table.DisplayName] = row.Table;
                if (!row.HasKey) continue;
                var key = RowKeyRef.Of(row, restoreImage: false);
                if (!_touched.MayContain(row.KeyHash) || !_touched.TryGetValue(row.KeyHash, key, out _))
                    _touched.Set(row.KeyHash, key, null);
            }
        }

        /// <summary>Notes the rows of a transaction after the bad one.</summary>
        public void Observe(BinlogTransactionInfo transaction)
        {
            if (_touched.Count == 0) return;
            var id = InverseBuilder.IdOf(transaction);
            foreach (var e in transaction.Events)
            {
                if (e.Rows == null || !_tables.TryGetValue(e.Database + "." + e.Table, out var table)) continue;
                foreach (var row in e.Rows)
                {
                    Note(table, row.Before, id);
                    Note(table, row.After, id);
                }
            }
        }

        /// <summary>Notes the rows of one event of the transaction <paramref name="transactionId"/>, after the bad one, as the
        /// scan reads it.</summary>
        internal void Observe(BinlogScanEvent item, string transactionId)
        {
            if (_touched.Count == 0 || !(item.Event.Data is RowsEventData rows) || rows.TableMap == null
                || !_tables.TryGetValue(rows.TableMap.Database + "." + rows.TableMap.Table, out var table)) return;
            var reader = rows.ReadRows();
            while (reader.Read())
            {
                Note(table, BinlogEventQuery.ToDictionary(reader.Before, rows.TableMap), transactionId);
                Note(table, BinlogEventQuery.ToDictionary(reader.After, rows.TableMap), transactionId);
            }
        }

        /// <summary>Once the binlogs are read: forgets the rows no later transaction changed, for which
        /// <see cref="ChangedBy"/> says null all the same.</summary>
        public void ForgetUnchanged() => _touched = _touched.Where(by => by != null);

        /// <summary>The first later transaction that changed the row; null when none did in the binlogs read.</summary>
        public string? ChangedBy(RowInverse row) =>
            row.HasKey && _touched.MayContain(row.KeyHash) && _touched.TryGetValue(row.KeyHash, RowKeyRef.Of(row, false), out var by)
                ? by : null;

        private void Note(FlashbackTable table, OrderedDictionary? image, string transactionId)
        {
            var key = RowKey.Of(table, image);
            if (key == null) return;
            var hash = RowKeyHash.Of(table, key);
            if (!_touched.MayContain(hash)) return;
            var text = RowKeyRef.Of(key);
            if (_touched.TryGetValue(hash, text, out var by) && by == null) _touched.Set(hash, text, transactionId);
        }
    }
}
