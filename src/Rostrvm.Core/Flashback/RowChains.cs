using System.Collections.Generic;

namespace Rostrvm.Core.Flashback
{
    /// <summary>
    /// Rows the bad transaction changed more than once. Walking the inverses last change first,
    /// only a row's last change is compared with the server; its earlier changes follow it (their
    /// after-images are states the undo itself brings back), and stay out whenever it does.
    /// </summary>
    public static class RowChains
    {
        /// <summary>For each inverse, the inverse that heads its row's chain (itself when it is the row's last change).</summary>
        public static Dictionary<RowInverse, RowInverse> HeadsOf(IEnumerable<RowInverse> rows)
        {
            var heads = new Dictionary<RowInverse, RowInverse>();
            var present = new Dictionary<string, RowInverse>(); // rows the undo will have put back, by key
            var freed = new Dictionary<string, RowInverse>();   // keys the undo will have emptied
            foreach (var row in rows)
            {
                var table = row.Table.DisplayName + "\0";
                RowInverse? head = null;
                if (row.Kind == InverseKind.Insert) freed.TryGetValue(table + row.Key, out head);
                else present.TryGetValue(table + row.Key, out head);
                head = head ?? row;
                heads[row] = head;
                if (row.Kind == InverseKind.Delete) freed[table + row.Key] = head;
                if (row.Restore != null)
                {
                    var restored = table + RowKey.Of(row.Table, row.Restore);
                    present[restored] = head;
                    freed.Remove(restored);
                }
                if (row.Kind == InverseKind.Update && row.Key != RowKey.Of(row.Table, row.Restore)) freed[table + row.Key] = head;
            }
            return heads;
        }
    }
}
