using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// The daily recording archiver. For every batch: write the archive under a temporary name,
    /// flush, read every entry and the manifest back, write a pending marker, rename into place,
    /// then commit the one transaction that clears the bodies and records archive file and entry in
    /// each row (its row updates are made as the entries are written, see <see cref="BodyClearer"/>,
    /// and nobody sees them before the commit), and drop the marker. A kill at any point leaves every recording either in the database or
    /// in a verified archive; the next run removes temporary files and finishes the database
    /// update of any archive whose marker is still there (docs/ARCHITECTURE.md, file formats and safety rules).
    /// </summary>
    public sealed class RecordingArchiver
    {
        public const string LockName = "rostrvm_recording_archive";
        private const int PageSize = 200;
        // Read-ahead of bodies: at most this many bytes wait between the server and the archive.
        private const int PrefetchBuffers = 8;
        private const int PrefetchBufferSize = 1 << 20;

        private readonly RecordingArchiveRequest _request;
        private readonly IJobReporter _reporter;
        private readonly byte[] _buffer = new byte[1 << 20];

        public RecordingArchiver(RecordingArchiveRequest request, IJobReporter? reporter)
        {
            _request = request;
            _reporter = reporter ?? SilentReporter.Instance;
        }

        private IEnumerable<KeyValuePair<string, RecordingSource>> Sources()
        {
            var all = _request.Settings.EffectiveRecordingSources;
            if (_request.Kinds == null || _request.Kinds.Count == 0) return all;
            return _request.Kinds.Select(kind => RecordingTable.Resolve(_request.Settings, kind));
        }

        /// <summary>
        /// Counts what a run would move, without changing anything. <paramref name="exact"/> leaves
        /// out rows that have no body (the archiver skips them): the server cannot test a blob for
        /// NULL without reading all of it, so the exact count reads every body once more (about
        /// 3 s per GB here, as long as the archiving itself reads them). Without it the count is of
        /// the rows waiting to be archived, which is what the run walks through.
        /// </summary>
        public async Task<List<RecordingArchivePlan>> PlanAsync(bool exact, CancellationToken token)
        {
            var plans = new List<RecordingArchivePlan>();
            using (var connection = await ConnectionFactory.OpenAsync(_request.Connection, true, token).ConfigureAwait(false))
            {
                foreach (var pair in Sources())
                {
                    var table = await RecordingTable.LoadAsync(connection, pair.Key, pair.Value, token).ConfigureAwait(false);
                    // Without a body_size column the sum reads every body anyway, and the NULL test costs nothing more.
                    using (var command = new MySqlCommand(
                        $"SELECT COUNT(*), COALESCE(SUM({table.SizeExpression}), 0), MIN({table.Time}), MAX({table.Time}) " +
                            $"FROM {table.Table} " +
                        $"WHERE {table.Time} < @before AND {table.ArchiveFile} IS NULL" +
                            (exact || !table.HasBodySizeColumn ? $" AND {table.Body} IS NOT NULL" : string.Empty), connection))
                    {
                        command.Parameters.AddWithValue("@before", _request.Before);
                        using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                        {
                            await reader.ReadAsync(token).ConfigureAwait(false);
                            plans.Add(new RecordingArchivePlan
                            {
                                Kind = pair.Key,
                                Table = pair.Value.Table,
                                Count = reader.GetInt64(0),
                                Bytes = Convert.ToInt64(reader.GetValue(1)),
                                From = reader.IsDBNull(2) ? (DateTime?)null : reader.GetDateTime(2),
                                To = reader.IsDBNull(3) ? (DateTime?)null : reader.GetDateTime(3),
                            });
                        }
                    }
                }
            }
            return plans;
        }

        /// <summary>Archives every approved kind; each finished archive is added to <paramref name="results"/> as soon as it is
        /// recorded.</summary>
        public async Task<List<RecordingArchive>> RunAsync(List<RecordingArchive> results, CancellationToken token)
        {
            var destination = PrepareDestination(_request.Destination);
            using (var connection = await ConnectionFactory.OpenAsync(_request.Connection, true, token).ConfigureAwait(false))
            using (var bodies = await ConnectionFactory.OpenAsync(_request.Connection, true, token).ConfigureAwait(false))
            using (var clearing = await ConnectionFactory.OpenAsync(_request.Connection, true, token).ConfigureAwait(false))
            {
                await TakeLockAsync(connection, token).ConfigureAwait(false);
                await MinimalRowImageAsync(connection, token).ConfigureAwait(false);
                await MinimalRowImageAsync(clearing, token).ConfigureAwait(false);
                try
                {
                    foreach (var pair in Sources())
                    {
                        var table = await RecordingTable.LoadAsync(connection, pair.Key, pair.Value, token).ConfigureAwait(false);
                        await ReconcileAsync(connection, table, destination, results, token).ConfigureAwait(false);
                        await ArchiveKindAsync(connection, bodies, clearing, table, destination, results, token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    using (var release = new MySqlCommand("SELECT RELEASE_LOCK(@n)", connection))
                    {
                        release.Parameters.AddWithValue("@n", LockName);
                        try { await release.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false); } catch (MySqlException) { }
                    }
                }
            }
            return results;
        }

        private static string PrepareDestination(string destination)
        {
            try
            {
                var full = Path.GetFullPath(destination);
                FilePermissions.CreateOwnerOnlyFolder(full);
                // A write probe: a share can be listed and still refuse files.
                var probe = Path.Combine(full, ".rostrvm-probe-" + Guid.NewGuid().ToString("N") + AtomicFile.TemporarySuffix);
                File.WriteAllBytes(probe, new byte[1]);
                File.Delete(probe);
                var removed = AtomicFile.RemoveLeftovers(full);
                return full;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException
                || ex is ArgumentException)
            {
                throw new RostrvmException("ArchiveDestinationUnreachable", FailureKind.WriteError,
                    $"The archive destination '{destination}' cannot be written ({ex.Message}). Nothing was removed from the database. " +
                        $"Check that the share is reachable and writable (-Destination, or ArchivePath in the settings).",
                    destination, ex);
            }
        }

        private async Task TakeLockAsync(MySqlConnection connection, CancellationToken token)
        {
            using (var command = new MySqlCommand("SELECT GET_LOCK(@n, @t)", connection))
            {
                command.Parameters.AddWithValue("@n", LockName);
                command.Parameters.AddWithValue("@t", _request.LockTimeoutSeconds);
                var result = await command.ExecuteScalarAsync(token).ConfigureAwait(false);
                if (result == null || result is DBNull || Convert.ToInt32(result) != 1)
                    throw new RostrvmException("RecordingArchiveBusy", FailureKind.ResourceBusy,
                        $"Another recording archive run holds the server lock '{LockName}' on {_request.Connection}; " +
                            $"waited {_request.LockTimeoutSeconds} s. Let it finish, then run again.", LockName);
            }
        }

        /// <summary>
        /// Asks for binlog_row_image=MINIMAL on the connection that clears the bodies. With FULL
        /// (the default) every cleared row's before-image, its whole body, goes into the binlog
        /// (twice over: the transaction cache spills to a file, then to the binlog), so archiving
        /// 1 GB wrote 2 GB more on the server. MINIMAL logs the key and the changed columns, which
        /// is all replicas and point-in-time restore need. An account that may not set it keeps FULL.
        /// </summary>
        private async Task MinimalRowImageAsync(MySqlConnection connection, CancellationToken token)
        {
            try
            {
                using (var command = new MySqlCommand("SET SESSION binlog_row_image = 'MINIMAL'", connection))
                    await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }
            catch (MySqlException ex)
            {
                _reporter.Verbose($"The server keeps binlog_row_image at its default for this session ({ex.Message}); each cleared body " +
                    $"is written to the binlog as the row's before-image.");
            }
        }

        /// <summary>Finishes the database update of archives a killed run placed but did not record.</summary>
        private async Task ReconcileAsync(MySqlConnection connection, RecordingTable table, string destination,
            List<RecordingArchive> results, CancellationToken token)
        {
            foreach (var marker in PendingArchive.Find(destination)
                .Where(m => string.Equals(m.Kind, table.Kind, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                var archivePath = Path.Combine(destination, marker.Archive);
                if (!File.Exists(archivePath))
                {
                    // Killed before the rename: the temporary file is gone and the rows still hold their bodies.
                    _reporter.Verbose($"'{marker.Archive}' was never placed; its {marker.Ids.Count} recordings are still in the database " +
                        $"and will be archived again.");
                    marker.Remove();
                    continue;
                }
                using (var reader = ArchiveReader.Open(archivePath, _request.Password))
                {
                    var manifestIds = new HashSet<long>(reader.Manifest.Recordings.Select(r => r.Id));
                    var bad = reader.Verify(_buffer, token);
                    if (bad.Count > 0 || !manifestIds.SetEquals(marker.Ids))
                        throw new RostrvmException("ArchiveVerificationFailed", FailureKind.InvalidData,
                            $"The archive '{archivePath}' left by an interrupted run does not read back as written " +
                                $"({(bad.Count > 0 ? bad[0].Value : "its manifest differs from the pending marker")}). " +
                            "Its recordings are still in the database. Move the archive and its .rostrvm-pending marker aside, then run " +
                                "again.", archivePath);
                    var updated = await RecordAsync(connection, table, marker.Archive, reader.Manifest.Recordings, token)
                        .ConfigureAwait(false);
                    marker.Remove();
                    _reporter.Verbose($"Finished the interrupted run's database update for '{marker.Archive}': {updated} rows now point " +
                        $"at it.");
                    results.Add(Describe(archivePath, table.Kind, reader.Manifest, reader.Encrypted, "Reconciled"));
                }
            }
        }

        /// <summary>
        /// Bodies are read ahead on their own connection and thread (<see cref="BodyPrefetcher"/>),
        /// so the server sends the next body while this one is written, and closing an archive
        /// (verify, rename, commit) overlaps the next reads. Each written entry's row is cleared at
        /// once on a third connection, in a transaction that commits only when the archive is in
        /// place (<see cref="BodyClearer"/>).
        /// </summary>
        private async Task ArchiveKindAsync(MySqlConnection connection, MySqlConnection bodies, MySqlConnection clearing,
            RecordingTable table, string destination, List<RecordingArchive> results, CancellationToken token)
        {
            var activity = $"Archiving {table.Kind} recordings";
            ArchiveWriter? writer = null;
            DateTime? writerPeriod = null;
            RecordingRow? last = null;
            long moved = 0, movedBytes = 0;
            var progress = System.Diagnostics.Stopwatch.StartNew();
            // Said at once, not only after the first quarter second: a failure names the step it was at.
            _reporter.Progress(new JobProgress(activity, "starting", -1, null));
            var prefetcher = new BodyPrefetcher(bodies, table, PrefetchBuffers, PrefetchBufferSize, token);
            var clearer = new BodyClearer(clearing, table);
            try
            {
                while (true)
                {
                    var page = await table.NextPageAsync(connection, _request.Before, last, PageSize, token).ConfigureAwait(false);
                    if (page.Count == 0) break;
                    foreach (var row in page) prefetcher.Enqueue(row);
                    var misByCall = await table.MisRowsAsync(connection, page, token).ConfigureAwait(false);
                    foreach (var row in page)
                    {
                        token.ThrowIfCancellationRequested();
                        if (row.Time == DateTime.MinValue)
                            throw new RostrvmException("RecordingTimeInvalid", FailureKind.InvalidData,
                                $"{table.Kind} recording {row.Id} has no valid time in '{table.Source.TimeColumn}'; correct the row, or " +
                                    $"archive with an earlier -Before.", row.Id);
                        last = row;
                        var entryName = row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                            BodyFormat.Extension(table.Kind, row.Format);
                        var mis = table.MisRowsOf(misByCall, row);
                        using (var body = prefetcher.Next(row))
                        {
                            if (!body.Exists)
                            {
                                // The page query does not look at the body (that would make the server read every blob).
                                _reporter.Verbose($"{table.Kind} recording {row.Id} has no body in the database; skipped.");
                                continue;
                            }
                            // Sized with placeholder hashes of the same length as the real ones.
                            var planned = new ManifestRecord { Id = row.Id, Entry = entryName, Time = row.Time, Bytes = body.Length,
                                Sha256 = new string('0', 64), CallId = row.CallId }
                                .Serialize(row.Columns, mis).Length + 8;
                            var period = ArchivePeriod.StartOf(_request.Period, row.Time);
                            if (writer != null && (!writer.Fits(body.Length, entryName, planned) || period != writerPeriod))
                            {
                                results.Add(await CompleteAsync(connection, clearer, table, destination, writer, token)
                                    .ConfigureAwait(false));
                                writer.Dispose();
                                writer = null;
                            }
                            if (writer == null)
                            {
                                writerPeriod = period;
                                writer = new ArchiveWriter(destination, table.Source.ArchivePrefix
                                    ?? table.Kind, _request.Password, _request.MaxArchiveSize, _buffer);
                                writer.Manifest.Kind = table.Kind;
                                writer.Manifest.Table = table.Source.Table;
                                writer.Manifest.Database = connection.Database;
                                if (!writer.Fits(body.Length, entryName, planned))
                                    _reporter.Warning($"{table.Kind} recording {row.Id} ({body.Length:N0} bytes) is larger than the " +
                                        $"maximum archive size ({_request.MaxArchiveSize:N0} bytes); it gets an archive of its own.");
                            }
                            var record = writer.Add(row.Id, row.Time, entryName, row.Format, body, body.Length, token);
                            record.CallId = row.CallId;
                            record.Json = record.Serialize(row.Columns, mis);
                            writer.Record(record);
                            clearer.Clear(row.Id, entryName);
                            movedBytes += record.Bytes;
                        }
                        moved++;
                        FaultInjection.Point("entry-written");
                        // Progress at most four times a second: a progress record costs the host more than a small recording.
                        if (progress.ElapsedMilliseconds >= 250)
                        {
                            _reporter.Progress(new JobProgress(activity, $"{moved} recordings, {movedBytes / 1048576.0:N1} MB", -1,
                                entryName));
                            progress.Restart();
                        }
                    }
                }
                if (writer != null && writer.Count > 0)
                    results.Add(await CompleteAsync(connection, clearer, table, destination, writer, token).ConfigureAwait(false));
            }
            catch (IOException ex) when (IsDiskFull(ex))
            {
                throw new RostrvmException("ArchiveDestinationFull", FailureKind.WriteError,
                    $"The archive destination '{destination}' is full. The archive being written was removed and its recordings are " +
                        $"still in the database; archives already finished are complete. Free some space and run again.",
                    destination, ex);
            }
            finally
            {
                // Rolls back the clearing of an archive that was not finished.
                clearer.Dispose();
                prefetcher.Dispose();
                writer?.Dispose();
            }
            if (moved == 0) _reporter.Verbose($"No {table.Kind} recordings older than {_request.Before:yyyy-MM-dd HH:mm:ss} left to " +
                $"archive.");
        }
        internal static bool IsDiskFull(IOException io) => Rostrvm.Core.IO.DiskFull.Is(io);

        private async Task<RecordingArchive> CompleteAsync(MySqlConnection connection, BodyClearer clearer, RecordingTable table,
            string destination, ArchiveWriter writer, CancellationToken token)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            writer.Finish();
            var flushed = watch.Elapsed;
            FaultInjection.Point("archive-flushed");

            // Read everything back from disk before anything else happens.
            using (var reader = ArchiveReader.Open(writer.TemporaryPath, _request.Password))
            {
                var written = writer.Manifest.Recordings;
                var readBack = reader.Manifest.Recordings;
                var same = written.Count == readBack.Count && written.Zip(readBack, (a, b) => a.Id == b.Id && a.Entry == b.Entry
                    && a.Sha256 == b.Sha256 && a.Bytes == b.Bytes).All(x => x);
                // Every entry's CRC-32 against the manifest; the SHA-256 was taken from the same bytes as they were written.
                var bad = reader.Verify(_buffer, token, checkSha256: false);
                if (!same || bad.Count > 0)
                    throw new RostrvmException("ArchiveVerificationFailed", FailureKind.WriteError,
                        $"The archive written to '{writer.TemporaryPath}' did not read back as written " +
                            $"({(same ? bad[0].Value : "manifest differs")}). It was discarded and its recordings are still in the " +
                            $"database. Check the storage at '{destination}'.",
                        destination);
            }
            FaultInjection.Point("archive-verified");
            var verified = watch.Elapsed;
            // The rows were cleared as their entries were written, uncommitted. Should that have
            // failed, it is undone and the rows are cleared after the archive is placed instead.
            var clearedEarly = clearer.Flush(out var problem);
            if (!clearedEarly)
            {
                _reporter.Verbose($"Clearing the bodies while the archive was written failed ({problem}); they are cleared once it is in " +
                    $"place.");
                clearer.Rollback();
            }

            var prefix = table.Source.ArchivePrefix ?? table.Kind;
            var finalPath = ArchiveName.Available(destination, prefix, writer.Manifest.From, writer.Manifest.To);
            var marker = PendingArchive.Write(finalPath, table.Kind, writer.Manifest.Recordings.Select(r => r.Id));
            FaultInjection.Point("marker-written");
            File.Move(writer.TemporaryPath, finalPath);
            FaultInjection.Point("archive-renamed");

            var renamed = watch.Elapsed;
            var updated = clearedEarly
                ? clearer.Commit(Path.GetFileName(finalPath))
                : await RecordAsync(connection, table, Path.GetFileName(finalPath), writer.Manifest.Recordings, token)
                    .ConfigureAwait(false);
            FaultInjection.Point("db-committed");
            _reporter.Verbose($"Closing '{Path.GetFileName(finalPath)}': flushed in {flushed.TotalSeconds:F2} s, read back " +
                $"in {(verified - flushed).TotalSeconds:F2} s, placed in {(renamed - verified).TotalSeconds:F2} s, bodies cleared " +
                $"in {(watch.Elapsed - renamed).TotalSeconds:F2} s.");
            marker.Remove();
            if (updated != writer.Count)
                _reporter.Warning($"'{Path.GetFileName(finalPath)}' holds {writer.Count} recordings but only {updated} rows were still " +
                    $"waiting for it; the others were removed or archived meanwhile.");
            _reporter.Verbose($"Archived {writer.Count} {table.Kind} recordings ({writer.Manifest.TotalBytes:N0} bytes) into " +
                $"'{finalPath}'.");
            return Describe(finalPath, table.Kind, writer.Manifest, !string.IsNullOrEmpty(_request.Password), "Archived");
        }

        /// <summary>
        /// One transaction: bodies cleared, archive file and entry recorded (an interrupted run's
        /// archive, or when clearing while writing failed). Rows already done (archive file set) are left alone. The body itself is not
        /// tested: a condition on it
        /// makes the server read the blob once more before dropping it.
        /// </summary>
        private static async Task<int> RecordAsync(MySqlConnection connection, RecordingTable table, string archiveFile,
            IReadOnlyList<ManifestRecord> records, CancellationToken token)
        {
            var updated = 0;
            using (var transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false))
            {
                using (var command = new MySqlCommand(
                    $"UPDATE {table.Table} SET {table.Body} = NULL, {table.ArchiveFile} = @file, {table.ArchiveEntry} = @entry " +
                    $"WHERE {table.Id} = @id AND {table.ArchiveFile} IS NULL", connection, transaction))
                {
                    var file = command.Parameters.AddWithValue("@file", archiveFile);
                    var entry = command.Parameters.Add("@entry", MySqlDbType.VarChar);
                    var id = command.Parameters.Add("@id", MySqlDbType.Int64);
                    foreach (var record in records)
                    {
                        entry.Value = record.Entry;
                        id.Value = record.Id;
                        updated += await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                        FaultInjection.Point("row-updated");
                    }
                }
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            return updated;
        }

        internal static RecordingArchive Describe(string path, string kind, ArchiveManifest manifest, bool encrypted, string status) =>
            new RecordingArchive
        {
            Name = Path.GetFileName(path),
            Path = path,
            Kind = kind,
            From = manifest.From,
            To = manifest.To,
            Count = manifest.Recordings.Count,
            Bytes = manifest.TotalBytes,
            Size = new FileInfo(path).Length,
            Encrypted = encrypted,
            Status = status,
            Ids = manifest.Recordings.Select(r => r.Id).ToArray(),
        };
    }
}
