using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using Rostrvm.Core.Binlog;

namespace Rostrvm.Core.Flashback
{
    /// <summary>A row's identity as text, the same for the bad transaction's images and later ones'.</summary>
    public static class RowKey
    {
        /// <summary>The key columns' literals (every stored column where the table has no key); null when the image lacks one.</summary>
        public static string? Of(FlashbackTable table, OrderedDictionary? image)
        {
            if (image == null) return null;
            var parts = new List<string>();
            foreach (var column in KeyOf(table))
            {
                if (!image.Contains(column)) return null;
                parts.Add(column + "=" + SqlLiteral.Of(image[column]));
            }
            return string.Join(", ", parts);
        }

        /// <summary>The columns that find a row: the key, else every column that is not generated.</summary>
        public static IEnumerable<string> KeyOf(FlashbackTable table) =>
            table.KeyColumns.Length > 0 ? table.KeyColumns : table.Columns.Where(c => !table.Generated.Contains(c));
    }
}
