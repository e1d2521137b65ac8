using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;

namespace Rostrvm.Core.Backup
{
    /// <summary>SQL handed from a worker to the writer: the text, and its gzip member when compressing.</summary>
    internal sealed class DumpPiece
    {
        public byte[] Text;
        public int Length;
        public byte[] Compressed;
        /// <summary>Counted against <see cref="DumpPlan.PieceBudget"/> until written.</summary>
        public bool HoldsPermit;
    }

    /// <summary>One key range of one table, dumped by one worker, written in plan order.</summary>
    internal sealed class DataChunk
    {
        public int Index;
        public DumpTable Table;
        public string Where;
        public TableDigest Digest;
        /// <summary>Bounded: a worker ahead of the writer waits instead of filling memory.</summary>
        public readonly BlockingCollection<DumpPiece> Pieces = new BlockingCollection<DumpPiece>(2);
    }

    /// <summary>A stretch of the file: fixed text (definitions) or a data chunk.</summary>
    internal sealed class DumpSegment
    {
        public string Text;
        public DataChunk Chunk;
    }

    /// <summary>
    /// The order of the file: preamble, then per table its definition and data chunks, views,
    /// routines, triggers (after all data), events, footer. Large tables with an integer primary
    /// key are split into key ranges so several workers read them at once.
    /// </summary>
    internal sealed class DumpPlan
    {
        public readonly List<DumpSegment> Segments = new List<DumpSegment>();
        public readonly List<DataChunk> Chunks = new List<DataChunk>();
        public readonly Dictionary<string, TableDigest> Digests = new Dictionary<string, TableDigest>(StringComparer.Ordinal);
        public long EstimatedBytes;

        /// <summary>
        /// Pieces made but not yet written, across all chunks: a worker that ran ahead (small
        /// chunks finished while another worker is still on the chunk being written) waits here,
        /// so memory stays bounded whatever the table sizes. The chunk being written is exempt,
        /// so the writer can never wait for a piece that waits for a permit.
        /// </summary>
        public SemaphoreSlim PieceBudget;
        public volatile int WritingChunk = -1;

        public static async Task<DumpPlan> BuildAsync(DatabaseSchema schema, MySqlConnection snapshotConnection, BackupOptions options, CancellationToken token)
        {
            var plan = new DumpPlan();
            plan.Segments.Add(new DumpSegment { Text = DatabaseSchema.Preamble });
            foreach (var table in schema.Tables)
            {
                var digest = new TableDigest();
                plan.Digests[table.Name] = digest;
                plan.EstimatedBytes += table.DataLength;
                plan.Segments.Add(new DumpSegment { Text = DatabaseSchema.TableDefinition(table) });
                foreach (var where in await RangesAsync(table, snapshotConnection, options, token).ConfigureAwait(false))
                {
                    var chunk = new DataChunk { Index = plan.Chunks.Count, Table = table, Where = where, Digest = digest };
                    plan.Chunks.Add(chunk);
                    plan.Segments.Add(new DumpSegment { Chunk = chunk });
                }
            }
            plan.Segments.Add(new DumpSegment { Text = schema.ViewDefinitions() + schema.RoutineDefinitions() + schema.TriggerDefinitions() + schema.EventDefinitions() + DatabaseSchema.Footer });
            return plan;
        }

        private static async Task<List<string>> RangesAsync(DumpTable table, MySqlConnection connection, BackupOptions options, CancellationToken token)
        {
            var count = (int)Math.Min(4096, Math.Max(1, (table.DataLength + options.ChunkBytes - 1) / options.ChunkBytes));
            if (table.ChunkColumn == null || table.Columns.Count == 0 || count < 2) return new List<string> { null };
            var key = SqlText.QuoteIdentifier(table.ChunkColumn);
            decimal low, high;
            using (var command = new MySqlCommand($"SELECT MIN({key}), MAX({key}) FROM {SqlText.QuoteIdentifier(table.Name)}", connection))
            using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(token).ConfigureAwait(false) || reader.IsDBNull(0)) return new List<string> { null };
                low = Convert.ToDecimal(reader.GetValue(0), CultureInfo.InvariantCulture);
                high = Convert.ToDecimal(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
            var span = high - low + 1;
            if (span < count * 2) return new List<string> { null };
            var step = Math.Ceiling(span / count);
            var ranges = new List<string>();
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
