using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// The order of the file: preamble and every table's definition; then the data, as whole
    /// INSERT statements in the order the workers finish them (rows of a table may come in any
    /// order, and the digest of a table does not depend on it); then views, routines,
    /// triggers (after all data), events, footer. With several workers, large tables with an
    /// integer primary key are split into key ranges so that the workers read them at once.
    /// </summary>
    internal sealed class DumpPlan
    {
        /// <summary>Rows per key-range chunk at most (estimated), whatever the table's size says, in a small database.</summary>
        private const long ChunkRows = 100000;

        private const int ChunksPerWorker = 4;

        public string Head = string.Empty;
        public string Tail = string.Empty;
        /// <summary>In the order the workers take them.</summary>
        public readonly List<DataChunk> Chunks = new List<DataChunk>();
        public readonly Dictionary<string, TableDigest> Digests = new Dictionary<string, TableDigest>(StringComparer.Ordinal);

        public static async Task<DumpPlan> BuildAsync(DatabaseSchema schema, MySqlConnection snapshotConnection, BackupOptions options,
            int workers, CancellationToken token)
        {
            var plan = new DumpPlan();
            var head = new System.Text.StringBuilder(DatabaseSchema.Preamble);
            // About four chunks per worker over the database: enough for the biggest-first order to even out the
            // workers' finish, and no more, since each range is a scan of its own with a key test per row (at
            // Large, 2 workers: 75 chunks of 24 MB took 8 % longer than 15 of about 140 MB).
            var chunkBytes = Math.Max(options.ChunkBytes, schema.Tables.Sum(t => t.DataLength) / (ChunksPerWorker * workers));
            var chunkRows = Math.Max(ChunkRows, schema.Tables.Sum(t => t.EstimatedRows) / (ChunksPerWorker * workers));
            foreach (var table in schema.Tables)
            {
                var digest = new TableDigest();
                plan.Digests[table.Name] = digest;
                head.Append(DatabaseSchema.TableDefinition(table));
                // Ranges only serve several workers: one reads each table in one SELECT, as mysqldump does (a
                // range per chunk costs the server a new scan per chunk and a key test per row, 5 % of the dump).
                var ranges = workers > 1
                    ? await RangesAsync(table, snapshotConnection, chunkBytes, chunkRows, token).ConfigureAwait(false)
                    : new List<string?> { null };
                var estimate = Math.Max(table.DataLength, table.EstimatedRows * 64) / ranges.Count;
                foreach (var where in ranges)
                    plan.Chunks.Add(new DataChunk(table, where, digest, estimate));
            }
            plan.Head = head.ToString();
            plan.Tail = schema.ViewDefinitions() + schema.RoutineDefinitions() + schema.TriggerDefinitions() + schema.EventDefinitions() +
                DatabaseSchema.Footer;
            // One worker writes the tables in name order; several take the biggest chunks first.
            if (workers > 1)
            {
                var ordered = plan.Chunks.OrderByDescending(c => c.EstimatedBytes).ToList();
                plan.Chunks.Clear();
                plan.Chunks.AddRange(ordered);
            }
            for (var i = 0; i < plan.Chunks.Count; i++) plan.Chunks[i].Index = i;
            return plan;
        }

        private static async Task<List<string?>> RangesAsync(DumpTable table, MySqlConnection connection, long chunkBytes, long chunkRows,
            CancellationToken token)
        {
            // Statistics may be stale in either direction: the larger of the two estimates decides.
            var bySize = (table.DataLength + chunkBytes - 1) / chunkBytes;
            var byRows = (table.EstimatedRows + chunkRows - 1) / chunkRows;
            var count = (int)Math.Min(4096, Math.Max(1, Math.Max(bySize, byRows)));
            if (table.ChunkColumn == null || table.Columns.Count == 0 || count < 2) return new List<string?> { null };
            var key = SqlText.QuoteIdentifier(table.ChunkColumn);
            decimal low, high;
            try
            {
                var range = $"SELECT MIN({key}), MAX({key}) FROM {SqlText.QuoteIdentifier(table.Name)}";
                using (var command = new MySqlCommand(range, connection))
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(token).ConfigureAwait(false) || reader.IsDBNull(0)) return new List<string?> { null };
                    low = Convert.ToDecimal(reader.GetValue(0), CultureInfo.InvariantCulture);
                    high = Convert.ToDecimal(reader.GetValue(1), CultureInfo.InvariantCulture);
                }
            }
            catch (MySqlException ex)
            {
                throw DatabaseBackup.TranslateDumpError(ex, table.Name);
            }
            var span = high - low + 1;
            if (span < count * 2) return new List<string?> { null };
            var step = Math.Ceiling(span / count);
            var ranges = new List<string?>();
            for (var i = 0; i < count; i++)
            {
                var from = low + step * i;
                if (from > high) break;
                var to = from + step;
                var lower = i == 0 ? null : $"{key} >= {from.ToString(CultureInfo.InvariantCulture)}";
                var upper = to > high ? null : $"{key} < {to.ToString(CultureInfo.InvariantCulture)}";
                ranges.Add(lower == null ? upper : upper == null ? lower : lower + " AND " + upper);
            }
            return ranges;
        }
    }
}
