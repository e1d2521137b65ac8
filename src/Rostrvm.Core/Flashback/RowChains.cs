using System.Collections.Generic;
using System.Linq;

namespace Rostrvm.Core.Flashback
{
    /// <summary>
    /// Rows the bad transaction changed more than once. Walking the inverses last change first,
    /// only a row's last change is compared with the server; its earlier changes follow it (their
    /// after-images are states the undo itself brings back), and stay out whenever it does.
    /// Keys are held as hashes (<see cref="RowKeyMap{TValue}"/>), read again only when one repeats.
    /// </summary>
    public static class RowChains
    {
        /// <summary>For each inverse, the inverse that heads its row's chain (itself when it is the row's last change).</summary>
        public static Dictionary<RowInverse, RowInverse> HeadsOf(IEnumerable<RowInverse> rows)
        {
            var list = rows as IReadOnlyList<RowInverse> ?? rows.ToList();
            var heads = Heads(list);
            var byRow = new Dictionary<RowInverse, RowInverse>(list.Count);
            for (var i = 0; i < list.Count; i++) byRow[list[i]] = heads[i];
            return byRow;
        }

        /// <summary>The head of each inverse's chain, by the inverse's place in <paramref name="rows"/>.</summary>
        internal static RowInverse[] Heads(IReadOnlyList<RowInverse> rows)
        {
            var heads = new RowInverse[rows.Count];
            var present = new RowKeyMap<RowInverse>(rows.Count); // rows the undo will have put back, by key
            var freed = new RowKeyMap<RowInverse>();             // keys the undo will have emptied
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var key = RowKeyRef.Of(row, restoreImage: false);
                RowInverse? head = null;
                if (row.HasKey)
                {
                    var map = row.Kind == InverseKind.Insert ? freed : present;
                    if (map.MayContain(row.KeyHash)) map.TryGetValue(row.KeyHash, key, out head);
                }
                head = head ?? row;
                heads[i] = head;
                if (row.Kind == InverseKind.Delete && row.HasKey) freed.Set(row.KeyHash, key, head);
                if (row.HasRestoreKey)
                {
                    var restored = RowKeyRef.Of(row, restoreImage: true);
                    present.Set(row.RestoreKeyHash, restored, head);
                    freed.Remove(row.RestoreKeyHash, restored);
                }
                if (row.Kind == InverseKind.Update && row.KeyChanged && row.HasKey) freed.Set(row.KeyHash, key, head);
            }
            return heads;
        }
    }
}
