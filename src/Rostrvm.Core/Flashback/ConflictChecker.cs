using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Binlog;

namespace Rostrvm.Core.Flashback
{
    /// <summary>
    /// Finds the rows that are no longer as the bad transaction left it (compared on every stored
    /// column), or whose key a row to put back would collide with. Inside the undo's transaction
    /// the probes lock what they read (FOR UPDATE), so nothing changes between check and apply.
    /// </summary>
    public static class ConflictChecker
    {
        private const int KeysPerQuery = 1000;
        private const int ProbesPerQuery = 200;

        /// <summary>The rows in conflict: each row's last change that fails its probe, and the row's earlier changes with it.</summary>
        public static async Task<HashSet<RowInverse>> FindAsync(MySqlConnection connection, IReadOnlyList<RowInverse> all, bool forUpdate,
            CancellationToken token)
        {
            var heads = RowChains.HeadsOf(all);
            var rows = all.Where(r => heads[r] == r).ToList();
            var conflicts = new HashSet<RowInverse>();
            // Rows to put back into a table with a one-column integer key: their keys are looked up in batches
            // (text keys are probed one by one, as collations make equal what the literal does not).
            var batched = rows.Where(r => r.Kind == InverseKind.Insert && r.Table.KeyColumns.Length == 1
                                          && (r.RestoreImage[r.Table.KeyColumns[0]] is long
                                              || r.RestoreImage[r.Table.KeyColumns[0]] is ulong))
                                              .ToList();
            foreach (var group in batched.GroupBy(r => r.Table))
            {
                var table = group.Key;
                var column = table.KeyColumns[0];
                var byKey = group.ToLookup(r => SqlLiteral.Of(r.RestoreImage[column]));
                foreach (var chunk in Chunks(byKey.Select(k => k.Key).ToList(), KeysPerQuery))
                {
                    var sql = $"SELECT {FlashbackTable.Quote(column)} FROM {table.QualifiedName} WHERE {FlashbackTable.Quote(column)} IN " +
                        $"({string.Join(", ", chunk)})" + (forUpdate ? " FOR UPDATE" : "");
                    using (var command = new MySqlCommand(sql, connection))
                    using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                        while (await reader.ReadAsync(token).ConfigureAwait(false))
                        {
                            var found = SqlLiteral.Of(reader.IsDBNull(0) ? null : Normalize(reader.GetValue(0)));
                            foreach (var r in byKey[found]) conflicts.Add(r);
                        }
                }
            }
            // The other probes go several to a round trip, their counts read back result by result.
            var single = new HashSet<RowInverse>(batched);
            var probed = rows.Where(r => !single.Contains(r)).Select(r => (Row: r, Sql: UndoStatements.Probe(r, forUpdate))).Where(p =>
                p.Sql != null).ToList();
            for (var i = 0; i < probed.Count; i += ProbesPerQuery)
            {
                var chunk = probed.GetRange(i, Math.Min(ProbesPerQuery, probed.Count - i));
                using (var command = new MySqlCommand(string.Join(";\n", chunk.Select(p => p.Sql)), connection))
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                {
                    foreach (var (row, _) in chunk)
                    {
                        await reader.ReadAsync(token).ConfigureAwait(false);
                        var count = reader.GetInt64(0);
                        var clear = row.Kind == InverseKind.Insert ? count == 0 : count > 0;
                        if (!clear) conflicts.Add(row);
                        await reader.NextResultAsync(token).ConfigureAwait(false);
                    }
                }
            }
            foreach (var row in all)
                if (conflicts.Contains(heads[row])) conflicts.Add(row);
            return conflicts;
        }

        // The server gives keys back as the connector's types; the binlog's are long/ulong/string.
        private static object Normalize(object value)
        {
            switch (value)
            {
                case int i: return (long)i;
                case short s: return (long)s;
                case sbyte b: return (long)b;
                case byte b: return (long)b;
                case uint u: return (ulong)u;
                case ushort u: return (ulong)u;
                default: return value;
            }
        }

        private static IEnumerable<List<string>> Chunks(List<string> items, int size)
        {
            for (var i = 0; i < items.Count; i += size) yield return items.GetRange(i, Math.Min(size, items.Count - i));
        }
    }
}
