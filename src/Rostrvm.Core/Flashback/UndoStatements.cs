using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Text;
using Rostrvm.Core.Binlog;

namespace Rostrvm.Core.Flashback
{
    /// <summary>The SQL of an undo: the statement that reverses a row, and the probe that proves the
    /// row is still as the bad transaction left it. Values go through <see cref="SqlLiteral"/>.</summary>
    public static class UndoStatements
    {
        /// <summary>The statement that reverses one row.</summary>
        public static string Reverse(RowInverse row)
        {
            var t = row.Table;
            switch (row.Kind)
            {
                case InverseKind.Insert:
                    return InsertMany(new[] { row });
                case InverseKind.Delete:
                    return $"DELETE FROM {t.QualifiedName} WHERE {Match(t, row.CurrentImage)}{Limit(t)}";
                default:
                    // Each image is read once: a row built from the binlog decodes it on every read.
                    var current = row.CurrentImage;
                    var restore = row.RestoreImage;
                    var changed = Stored(t).Where(c => !Equal(current[c], restore[c])).ToList();
                    // An update whose values read the same (e.g. JSON re-encoded) still sets them, so it counts as a row.
                    if (changed.Count == 0) changed = Stored(t).ToList();
                    var set = changed.Select(c => FlashbackTable.Quote(c) + "=" + Value(t, c, restore[c]));
                    return $"UPDATE {t.QualifiedName} SET {string.Join(", ", set)} WHERE {Match(t, current)}{Limit(t)}";
            }
        }

        /// <summary>One INSERT putting back rows of one table (their before-images).</summary>
        public static string InsertMany(IEnumerable<RowInverse> rows)
        {
            StringBuilder? sb = null;
            foreach (var row in rows)
            {
                if (sb == null) sb = InsertStart(new StringBuilder(), row.Table);
                else sb.Append(", ");
                AppendValues(sb, row);
            }
            return sb?.ToString() ?? throw new System.ArgumentException("No row to insert.", nameof(rows));
        }

        /// <summary>The start of an INSERT into <paramref name="t"/>, up to VALUES; rows follow through <see cref="AppendValues"/>.
        /// </summary>
        internal static StringBuilder InsertStart(StringBuilder sb, FlashbackTable t) =>
            sb.Append("INSERT INTO ").Append(t.QualifiedName).Append(" (")
                .Append(string.Join(", ", Stored(t).Select(FlashbackTable.Quote))).Append(") VALUES ");

        /// <summary>Appends the row's before-image as a tuple of values; returns a rough size of its values in bytes.</summary>
        internal static int AppendValues(StringBuilder sb, RowInverse row)
        {
            var t = row.Table;
            var image = row.RestoreImage; // decoded once per row
            sb.Append('(');
            var first = true;
            foreach (var c in Stored(t))
            {
                if (!first) sb.Append(", ");
                first = false;
                sb.Append(Value(t, c, image[c]));
            }
            sb.Append(')');
            var size = 0;
            foreach (var value in image.Values)
                size += value is byte[] b ? 2 * b.Length + 3 : value is string s ? 3 * s.Length + 3 : 24;
            return size;
        }

        /// <summary>
        /// A query that counts 1 when the row is as the bad transaction left it (for a row to put
        /// back: 0 when its key is free); null when nothing can be in the way (a row put back into a
        /// table without a key).
        /// </summary>
        public static string? Probe(RowInverse row, bool forUpdate)
        {
            var t = row.Table;
            var lockClause = forUpdate ? " FOR UPDATE" : "";
            if (row.Kind == InverseKind.Insert)
                return t.KeyColumns.Length == 0 ? null
                    : $"SELECT COUNT(*) FROM (SELECT 1 FROM {t.QualifiedName} WHERE {KeyMatch(t, row.RestoreImage)}{lockClause}) k";
            var current = row.CurrentImage;
            var all = string.Join(" AND ", Stored(t).Select(c => FlashbackTable.Quote(c) + " <=> " + Exact(t, c, current[c])));
            return $"SELECT COUNT(*) FROM (SELECT 1 FROM {t.QualifiedName} WHERE {all} LIMIT 1{lockClause}) k";
        }

        /// <summary>The columns a statement writes: all but the generated ones.</summary>
        public static IEnumerable<string> Stored(FlashbackTable t) => t.Columns.Where(c => !t.Generated.Contains(c));

        private static string Match(FlashbackTable t, OrderedDictionary image) =>
            t.KeyColumns.Length > 0 ? KeyMatch(t, image) : string.Join(" AND ", Stored(t).Select(c =>
                FlashbackTable.Quote(c) + " <=> " + Exact(t, c, image[c])));

        private static string KeyMatch(FlashbackTable t, OrderedDictionary image) =>
            string.Join(" AND ", t.KeyColumns.Select(c => FlashbackTable.Quote(c) + " = " + Value(t, c, image[c])));

        // Without a key, LIMIT 1 takes one of identical rows, as the bad transaction changed one.
        private static string Limit(FlashbackTable t) => t.KeyColumns.Length > 0 ? "" : " LIMIT 1";

        // MySQL's JSON type equals only JSON: the text is cast (MariaDB's JSON is text and says longtext).
        private static string Value(FlashbackTable t, string column, object? value) =>
            value != null && t.Json.Contains(column) ? "CAST(" + SqlLiteral.Of(value) + " AS JSON)" : SqlLiteral.Of(value);

        // Text compared by its characters, so a later change of case or accent is a change too.
        private static string Exact(FlashbackTable t, string column, object? value) =>
            value is string && !t.Json.Contains(column) ? SqlLiteral.Of(value) + " COLLATE utf8mb4_bin" : Value(t, column, value);

        private static bool Equal(object? a, object? b) => SqlLiteral.Of(a) == SqlLiteral.Of(b);
    }
}
