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
            var heads = RowChains.Heads(all);
            var conflicts = new HashSet<RowInverse>();
            // Rows to put back into a table with a one-column integer key: their keys are looked up in batches
            // (text keys are probed one by one, as collations make equal what the literal does not). The other
            // probes go several to a round trip, their counts read back result by result. Both are sent as they
            // fill, each row decoded once, so no more than a batch of keys or probes is held at a time.
            var batched = new Dictionary<FlashbackTable, List<(RowInverse Row, string Key)>>();
            var probed = new List<(RowInverse Row, string Sql)>();
            for (var i = 0; i < all.Count; i++)
            {
                var r = all[i];
                if (heads[i] != r) continue;
                if (r.Kind == InverseKind.Insert && r.Table.KeyColumns.Length == 1)
                {
                    var value = r.RestoreImage[r.Table.KeyColumns[0]];
                    if (value is long || value is ulong)
                    {
                        if (!batched.TryGetValue(r.Table, out var keys)) batched[r.Table] = keys = new List<(RowInverse, string)>();
                        keys.Add((r, SqlLiteral.Of(value)));
                        if (keys.Count >= KeysPerQuery) await LookUpAsync(connection, r.Table, keys, forUpdate, conflicts, token)
                            .ConfigureAwait(false);
                        continue;
                    }
                }
                var sql = UndoStatements.Probe(r, forUpdate);
                if (sql == null) continue;
                probed.Add((r, sql));
                if (probed.Count >= ProbesPerQuery) await ProbeAsync(connection, probed, conflicts, token).ConfigureAwait(false);
            }
            foreach (var pair in batched)
                if (pair.Value.Count > 0) await LookUpAsync(connection, pair.Key, pair.Value, forUpdate, conflicts, token)
                    .ConfigureAwait(false);
            if (probed.Count > 0) await ProbeAsync(connection, probed, conflicts, token).ConfigureAwait(false);
            for (var i = 0; i < all.Count; i++)
                if (conflicts.Contains(heads[i])) conflicts.Add(all[i]);
            return conflicts;
        }

        /// <summary>Which of the keys are taken on the server; empties <paramref name="keys"/>.</summary>
        private static async Task LookUpAsync(MySqlConnection connection, FlashbackTable table, List<(RowInverse Row, string Key)> keys,
            bool forUpdate, HashSet<RowInverse> conflicts, CancellationToken token)
        {
            var column = table.KeyColumns[0];
            var byKey = keys.ToLookup(k => k.Key, k => k.Row);
            var sql = $"SELECT {FlashbackTable.Quote(column)} FROM {table.QualifiedName} WHERE {FlashbackTable.Quote(column)} IN " +
                $"({string.Join(", ", byKey.Select(k => k.Key))})" + (forUpdate ? " FOR UPDATE" : "");
            using (var command = new MySqlCommand(sql, connection))
            using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    var found = SqlLiteral.Of(reader.IsDBNull(0) ? null : Normalize(reader.GetValue(0)));
                    foreach (var r in byKey[found]) conflicts.Add(r);
                }
            keys.Clear();
        }

        /// <summary>Runs the probes in one round trip; empties <paramref name="probes"/>.</summary>
        private static async Task ProbeAsync(MySqlConnection connection, List<(RowInverse Row, string Sql)> probes,
            HashSet<RowInverse> conflicts, CancellationToken token)
        {
            using (var command = new MySqlCommand(string.Join(";\n", probes.Select(p => p.Sql)), connection))
            using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
            {
                foreach (var (row, _) in probes)
                {
                    await reader.ReadAsync(token).ConfigureAwait(false);
                    var count = reader.GetInt64(0);
                    var clear = row.Kind == InverseKind.Insert ? count == 0 : count > 0;
                    if (!clear) conflicts.Add(row);
                    await reader.NextResultAsync(token).ConfigureAwait(false);
                }
            }
            probes.Clear();
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
    }
}
