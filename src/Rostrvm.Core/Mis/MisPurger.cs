using System;
using System.Collections.Generic;
using System.Data;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Jobs;
using Rostrvm.Core.Runtime;

namespace Rostrvm.Core.Mis
{
    /// <summary>
    /// Deletes MIS rows older than the retention, one day at a time, in primary-key batches that
    /// are each their own short transaction. A row is deleted only if the day's verified CSV holds
    /// it byte for byte: each batch locks its rows (SELECT ... FOR UPDATE), formats them exactly
    /// as the export does and compares them with the CSV; the DELETE then covers the same key
    /// range and must remove exactly the rows compared, or the batch is rolled back. A row added
    /// or changed after the extract makes the day be extracted again (merged) before it goes.
    /// </summary>
    public static class MisPurger
    {
        private const string Activity = "Purging MIS rows";
        private const int MaxExtractRounds = 3;

        /// <summary>Rows per table and day dated before <paramref name="cutoffDay"/>: what a purge would delete.</summary>
        public static async Task<IReadOnlyList<MisPurgeCandidate>> PlanAsync(MisSession session, DateTime cutoffDay,
            CancellationToken cancellationToken)
        {
            var result = new List<MisPurgeCandidate>();
            foreach (var table in session.Tables)
            {
                var time = MisTableSchema.Quote(table.TimeColumn);
                using (var command = session.Command($"SELECT DATE({time}) AS d, COUNT(*) FROM {MisTableSchema.Quote(table.Table)} " +
                    $"WHERE {time} < @cutoff GROUP BY d ORDER BY d"))
                {
                    command.Parameters.AddWithValue("@cutoff", cutoffDay.Date);
                    using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            result.Add(new MisPurgeCandidate { Date = reader.GetDateTime(0).Date, Table = table.Table,
                                Rows = reader.GetInt64(1) });
                }
            }
            result.Sort((a, b) => a.Date != b.Date ? a.Date.CompareTo(b.Date) : string.CompareOrdinal(a.Table, b.Table));
            return result;
        }

        /// <summary>
        /// Purges one day of every session table. Refuses the whole day (before deleting anything)
        /// if an existing extract of it was changed or lost.
        /// </summary>
        public static async Task<IReadOnlyList<MisPurgeResult>> PurgeDayAsync(MisSession session, DateTime day, int batchSize,
            CancellationToken cancellationToken)
        {
            day = day.Date;
            var folder = MisDayFolder.PathOf(session.ExtractRoot, day);
            var manifest = MisManifest.Read(folder);
            var extracted = false;
            if (manifest == null || session.Tables.Any(t => manifest.Find(t.Table) == null))
            {
                session.Reporter.Verbose($"{MisDayFolder.Name(day)} has no complete extract yet: extracting it first.");
                await MisExporter.ExportDayAsync(session, day, false, cancellationToken).ConfigureAwait(false);
                // The export just wrote the day's manifest, with every table in it.
                manifest = MisManifest.Read(folder)!;
                extracted = true;
            }
            // Every table is in the manifest: checked above, or just extracted.
            foreach (var table in session.Tables) manifest.Verify(folder, manifest.Find(table.Table)!);

            var results = new List<MisPurgeResult>();
            foreach (var table in session.Tables)
            {
                var result = new MisPurgeResult { Date = day, Table = table.Table, Extracted = extracted };
                for (var round = 1; ; round++)
                {
                    var entry = manifest.Find(table.Table)!;
                    result.ExtractPath = Path.Combine(folder, entry.File);
                    var complete = await DeleteVerifiedAsync(session, table, day, result.ExtractPath, batchSize, result, cancellationToken)
                        .ConfigureAwait(false);
                    result.Remaining = await CountDayAsync(session, table, day, cancellationToken).ConfigureAwait(false);
                    if (complete && result.Remaining == 0) break;
                    if (round == MaxExtractRounds)
                    {
                        session.Reporter.Warning($"{result.Remaining:N0} rows of {table.Table} dated {MisDayFolder.Name(day)} kept " +
                            $"changing while they were purged; they stay in the database and the next purge will take them.");
                        break;
                    }
                    // Rows were added or changed after the extract: extract the day again (merged), then go on.
                    session.Reporter.Verbose($"{table.Table} {MisDayFolder.Name(day)}: rows changed since the extract; extracting the " +
                        $"day again before deleting more.");
                    await MisExporter.ExportDayAsync(session, day, false, cancellationToken).ConfigureAwait(false);
                    manifest = MisManifest.Read(folder)!;
                    manifest.Verify(folder, manifest.Find(table.Table)!);
                    result.Extracted = extracted = true;
                }
                results.Add(result);
            }
            return results;
        }

        private static async Task<long> CountDayAsync(MisSession session, MisTableSchema table, DateTime day,
            CancellationToken cancellationToken)
        {
            using (var command = session.Command($"SELECT COUNT(*) FROM {MisTableSchema.Quote(table.Table)} " +
                $"WHERE {MisSession.DayFilter(table)}"))
            {
                MisSession.AddDay(command, day);
                return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false),
                    CultureInfo.InvariantCulture);
            }
        }

        /// <summary>True when every row of the day's key range was verified and deleted; false on a mismatch.</summary>
        private static async Task<bool> DeleteVerifiedAsync(MisSession session, MisTableSchema table, DateTime day, string csvPath,
            int batchSize,
            MisPurgeResult result, CancellationToken cancellationToken)
        {
            var name = MisTableSchema.Quote(table.Table);
            var key = MisTableSchema.Quote(table.KeyColumn);
            var range = await session.KeyRangeAsync(table, day, cancellationToken).ConfigureAwait(false);
            if (range == null) return true;
            var low = range.Value.Low;
            var high = range.Value.High;

            var formatter = new MisCsvRowFormatter(table.Columns);
            var scratch = new byte[32];
            var expectedHeader = MisCsvRowFormatter.Header(table.Columns.Select(c => c.Name));
            var isolation = session.StatementBinlog ? IsolationLevel.RepeatableRead : IsolationLevel.ReadCommitted;
            var select = $"SELECT {table.SelectList} FROM {name} WHERE {key} >= @low AND {key} <= @high " +
                $"AND {MisSession.DayFilter(table)} " +
                         $"ORDER BY {key} LIMIT {batchSize.ToString(CultureInfo.InvariantCulture)} FOR UPDATE";
            var delete = $"DELETE FROM {name} WHERE {key} BETWEEN @first AND @last AND {MisSession.DayFilter(table)}";
            var status = $"{MisDayFolder.Name(day)} {table.Table}";

            using (var csv = new MisCsvRecordReader(csvPath, table.KeyIndex))
            {
                if (!EndsWith(csv.Header, expectedHeader)) return false;
                var csvHas = csv.Next();
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using (var transaction = await session.Connection.BeginTransactionAsync(isolation, cancellationToken)
                        .ConfigureAwait(false))
                    {
                        long first = 0, last = 0, verified = 0;
                        var mismatch = false;
                        using (var command = session.Command(select, transaction))
                        {
                            command.Parameters.AddWithValue("@low", low);
                            command.Parameters.AddWithValue("@high", high);
                            MisSession.AddDay(command, day);
                            using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                                mismatch = !Compare(reader, table.KeyIndex, formatter, csv, ref csvHas, ref first, ref last, ref verified,
                                    ref scratch);
                        }
                        if (mismatch)
                        {
                            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                            return false;
                        }
                        if (verified == 0)
                        {
                            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                            return true;
                        }
                        int affected;
                        using (var command = session.Command(delete, transaction))
                        {
                            command.Parameters.AddWithValue("@first", first);
                            command.Parameters.AddWithValue("@last", last);
                            MisSession.AddDay(command, day);
                            affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        }
                        if (affected != verified)
                        {
                            // A row we did not compare slipped into the range: delete nothing of this batch.
                            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                            return false;
                        }
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        result.Deleted += verified;
                        result.Batches++;
                        low = last + 1;
                        session.Reporter.Progress(new JobProgress(Activity + " (batches)", status, -1,
                            $"{result.Deleted:N0} rows deleted in {result.Batches} batches"));
                        // A short batch was the rest of the range: no need to ask for an empty one
                        // (a row added since is found by the caller's count of what is left).
                        if (verified < batchSize) return true;
                    }
                }
            }
        }

        /// <summary>
        /// Compares the locked rows with the CSV's records of the same keys, byte for byte; false
        /// at the first row the CSV does not hold exactly. <paramref name="first"/>..<paramref name="last"/>
        /// and <paramref name="verified"/> describe the rows compared.
        /// </summary>
        [MethodImpl(HotPathOptions.Hot)]
        private static bool Compare(MySqlDataReader reader, int keyIndex, MisCsvRowFormatter formatter, MisCsvRecordReader csv,
            ref bool csvHas,
            ref long first, ref long last, ref long verified, ref byte[] scratch)
        {
            while (reader.Read())
            {
                var rowKey = MisCsvRowFormatter.Key(reader, keyIndex, ref scratch);
                formatter.Format(reader);
                while (csvHas && csv.Key < rowKey) csvHas = csv.Next();
                if (!csvHas || csv.Key != rowKey || !csv.SameAs(formatter.Buffer, formatter.Length)) return false;
                if (verified == 0) first = rowKey;
                last = rowKey;
                verified++;
            }
            return true;
        }

        private static bool EndsWith(byte[] value, byte[] suffix)
        {
            if (value.Length < suffix.Length) return false;
            var offset = value.Length - suffix.Length;
            for (var i = 0; i < suffix.Length; i++)
                if (value[offset + i] != suffix[i]) return false;
            return true;
        }
    }
}
