using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Rostrvm.Core.Jobs;
using Rostrvm.Core.Runtime;

namespace Rostrvm.Core.Mis
{
    /// <summary>
    /// Writes one day's MIS rows to <c>&lt;root&gt;/&lt;yyyy-MM-dd&gt;/&lt;table&gt;.csv</c> plus
    /// <c>manifest.json</c>, replacing the day's folder as a whole (<see cref="MisDayFolder"/>).
    /// Rows are streamed in primary-key order. An earlier extract of the day is merged, not
    /// thrown away: rows it holds that the database no longer has (already purged) are kept,
    /// rows the database has are written as they are now. So extracting a day again never loses
    /// an extracted row and never writes one twice.
    /// </summary>
    public static class MisExporter
    {
        private const string Activity = "Extracting MIS rows";

        public static async Task<IReadOnlyList<MisExportResult>> ExportDayAsync(MisSession session, DateTime day, bool force,
            CancellationToken cancellationToken)
        {
            day = day.Date;
            var final = MisDayFolder.PathOf(session.ExtractRoot, day);
            MisManifest? existing = null;
            try { existing = MisManifest.Read(final); }
            catch (RostrvmException) when (force) { }

            var manifest = new MisManifest
            {
                Date = MisDayFolder.Name(day),
                From = day.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                To = day.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                TimeZone = session.TimeZone,
                ExtractedAtUtc = DateTime.UtcNow,
                Server = session.Options.Server + ":" + session.Options.Port.ToString(CultureInfo.InvariantCulture),
                Database = session.Options.Database,
            };
            var results = new List<MisExportResult>();
            var flushes = new List<Task>();
            var staging = MisDayFolder.Stage(session.ExtractRoot, day);
            try
            {
                // Tables not part of this run keep their files and entries unchanged.
                if (existing != null)
                {
                    foreach (var other in existing.Files.Where(f => !session.Tables.Any(t => string.Equals(t.Table, f.Table,
                        StringComparison.OrdinalIgnoreCase))))
                    {
                        var source = Path.Combine(final, other.File);
                        if (!File.Exists(source)) continue;
                        File.Copy(source, Path.Combine(staging, other.File));
                        manifest.Files.Add(other);
                    }
                }
                var unchanged = existing != null;
                foreach (var table in session.Tables)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var earlier = force ? null : existing?.Find(table.Table);
                    if (earlier != null) existing?.Verify(final, earlier);
                    var sealedEarlier = earlier != null && Encryption.OpenPgpWriter.IsEncrypted(earlier.File);
                    var entry = await ExportTableAsync(session, table, day, staging, earlier == null || sealedEarlier ? null
                        : Path.Combine(final, earlier.File), flushes, cancellationToken).ConfigureAwait(false);
                    if (sealedEarlier)
                    {
                        // Only the public key is on this server, so an encrypted extract cannot be merged with
                        // the database's rows here. One the database still matches byte for byte (a rerun of
                        // the night, an export run twice) is kept as it is; a day that changed is refused.
                        // sealedEarlier: there is an earlier extract.
                        if (!string.Equals(entry.Sha256, earlier!.PlainSha256, StringComparison.OrdinalIgnoreCase))
                            throw new RostrvmException("MisExtractEncrypted", FailureKind.InvalidOperation,
                                $"The extract of {table.Table} for {MisDayFolder.Name(day)} is encrypted and the database's rows of that " +
                                    $"day have changed since, so they cannot be merged here (only the public key is on this server). The " +
                                    $"extract is kept as it is. Use -Force only if the database still holds every row of that day: it " +
                                    $"replaces the extract with them.", Path.Combine(final, earlier.File));
                        await Task.WhenAll(flushes).ConfigureAwait(false);
                        File.Delete(Path.Combine(staging, entry.File));
                        File.Copy(Path.Combine(final, earlier.File), Path.Combine(staging, earlier.File));
                        entry = earlier;
                    }
                    else unchanged = false;
                    manifest.Files.Add(entry);
                    results.Add(new MisExportResult
                    {
                        Date = day, Table = table.Table, Rows = entry.Rows, KeptRows = entry.RowsKeptFromEarlierExtract,
                        Bytes = entry.Bytes, Sha256 = entry.Sha256, Path = Path.Combine(final, entry.File),
                    });
                }
                // Nothing new to say about the day: its folder stays exactly as it was.
                if (unchanged && existing!.Files.Count == manifest.Files.Count) return results; // unchanged: there is one
                // Every CSV is on disk before the manifest that vouches for it, and both before the swap.
                await Task.WhenAll(flushes).ConfigureAwait(false);
                if (session.EncryptFor != null) Encrypt(session.EncryptFor, staging, final, manifest, results, cancellationToken);
                manifest.Write(staging);
                MisDayFolder.Publish(staging, session.ExtractRoot, day);
                return results;
            }
            catch (IOException ex) when (IsDiskFull(ex))
            {
                throw new RostrvmException("DiskFull", FailureKind.WriteError,
                    $"The disk holding '{session.ExtractRoot}' filled up while extracting the MIS rows of {MisDayFolder.Name(day)}. The " +
                        $"day's earlier extract (if any) is unchanged and nothing was deleted; free some space or choose another -Path, " +
                        $"then run again.", session.ExtractRoot, ex);
            }
            finally
            {
                try { Task.WaitAll(flushes.ToArray()); } catch (AggregateException) { } // before the staging folder goes
                if (Directory.Exists(staging))
                {
                    try { Directory.Delete(staging, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }
            }
        }

        /// <summary>
        /// The CSVs this run wrote become &lt;table&gt;.csv.gpg in the staging folder (the plain files
        /// go); the manifest stays readable and records both checksums, so the purge still proves
        /// each file without the private key.
        /// </summary>
        private static void Encrypt(Encryption.OpenPgpRecipient recipient, string staging, string final, MisManifest manifest,
            List<MisExportResult> results, CancellationToken token)
        {
            foreach (var result in results)
            {
                var entry = manifest.Find(result.Table)!; // every result has its entry
                if (Encryption.OpenPgpWriter.IsEncrypted(entry.File)) continue; // an encrypted extract kept as it was
                var plain = Path.Combine(staging, entry.File);
                var encrypted = plain + Encryption.OpenPgpWriter.Extension;
                Encryption.OpenPgpWriter.EncryptFile(plain, encrypted, recipient, token);
                File.Delete(plain);
                entry.PlainSha256 = entry.Sha256;
                entry.File += Encryption.OpenPgpWriter.Extension;
                entry.Sha256 = MisManifest.Sha256Of(encrypted);
                result.Path = Path.Combine(final, entry.File);
            }
        }

        private static async Task<MisManifestFile> ExportTableAsync(MisSession session, MisTableSchema table, DateTime day, string staging,
            string? earlierCsv, List<Task> flushes, CancellationToken cancellationToken)
        {
            var fileName = table.Table + ".csv";
            var path = Path.Combine(staging, fileName);
            var header = Concat(MisCsvRowFormatter.ByteOrderMark, MisCsvRowFormatter.Header(table.Columns.Select(c => c.Name)));
            var formatter = new MisCsvRowFormatter(table.Columns);
            long rows = 0, kept = 0;
            var status = $"{MisDayFolder.Name(day)} {table.Table}";
            var output = new HashingFileWriter(path);
            try
            {
                using (var earlier = earlierCsv == null ? null : new MisCsvRecordReader(earlierCsv, table.KeyIndex))
                {
                    if (earlier != null && !earlier.SameAs(header, header.Length))
                        throw new RostrvmException("MisExtractSchemaChanged", FailureKind.InvalidOperation,
                            $"The columns of {table.Table} differ from those in its existing extract '{earlierCsv}', so the rows cannot " +
                                $"be merged into it. Move that file's day folder away (keep it: it may hold rows already purged) and run " +
                                $"again, or use -Force to replace it.", earlierCsv);
                    output.Write(header, header.Length);
                    var earlierHas = earlier != null && earlier.Next();
                    var range = await session.KeyRangeAsync(table, day, cancellationToken).ConfigureAwait(false);
                    var keyColumn = MisTableSchema.Quote(table.KeyColumn);
                    using (var command = session.Command($"SELECT {table.SelectList} FROM {MisTableSchema.Quote(table.Table)} " +
                        $"WHERE {MisSession.DayFilter(table)} AND {keyColumn} BETWEEN @low AND @high ORDER BY {keyColumn}"))
                    {
                        MisSession.AddDay(command, day);
                        command.Parameters.AddWithValue("@low", range?.Low ?? 0);
                        command.Parameters.AddWithValue("@high", range?.High ?? -1); // no rows: an empty range
                        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                            rows += CopyRows(reader, table, formatter, earlier, ref earlierHas, output, ref kept, session.Reporter,
                                status, cancellationToken);
                    }
                    while (earlierHas)
                    {
                        // earlierHas is true only while an earlier extract is being read.
                        output.Write(earlier!.Record, earlier.Length);
                        kept++; rows++;
                        earlierHas = earlier.Next();
                    }
                    output.Complete();
                    // Flushing to disk overlaps the next table's query; the day waits for all of them.
                    flushes.Add(Task.Run(() => output.FlushToDiskAndClose()));
                    if (kept > 0) session.Reporter.Verbose(
                        $"{status}: kept {kept:N0} rows of the earlier extract that the database no longer holds.");
                    session.Reporter.Progress(new JobProgress(Activity, status, 100, $"{rows:N0} rows"));
                    return new MisManifestFile
                    {
                        Table = table.Table,
                        File = fileName,
                        TimeColumn = table.TimeColumn,
                        KeyColumn = table.KeyColumn,
                        Columns = table.Columns.Select(c => c.Name).ToList(),
                        GeneratedColumnsLeftOut = table.GeneratedColumns.Count > 0 ? table.GeneratedColumns.ToList() : null,
                        Rows = rows,
                        RowsKeptFromEarlierExtract = kept,
                        Bytes = output.Bytes,
                        Sha256 = output.Sha256,
                        LoadData = MisCsvRowFormatter.LoadDataStatement(fileName, table.Table, table.Columns),
                    };
                }
            }
            catch
            {
                output.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Writes the rows of the query (merging in the earlier extract's rows that come before
        /// each) and returns how many records it wrote. Synchronous reads: the rows are already
        /// streaming in; awaiting each one costs more than it saves.
        /// </summary>
        [MethodImpl(HotPathOptions.Hot)]
        private static long CopyRows(MySqlDataReader reader, MisTableSchema table, MisCsvRowFormatter formatter,
            MisCsvRecordReader? earlier, ref bool earlierHas,
            HashingFileWriter output, ref long kept, IJobReporter reporter, string status, CancellationToken cancellationToken)
        {
            var scratch = new byte[32];
            long rows = 0;
            while (reader.Read())
            {
                var key = MisCsvRowFormatter.Key(reader, table.KeyIndex, ref scratch);
                // earlierHas is true only while an earlier extract is being read.
                while (earlierHas && earlier!.Key < key)
                {
                    output.Write(earlier.Record, earlier.Length);
                    kept++; rows++;
                    earlierHas = earlier.Next();
                }
                if (earlierHas && earlier!.Key == key) earlierHas = earlier.Next();
                formatter.Format(reader);
                output.Write(formatter.Buffer, formatter.Length);
                rows++;
                if ((rows & 0x3FFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    reporter.Progress(new JobProgress(Activity, status, -1, $"{rows:N0} rows written"));
                }
            }
            return rows;
        }

        private static byte[] Concat(byte[] a, byte[] b)
        {
            var result = new byte[a.Length + b.Length];
            Buffer.BlockCopy(a, 0, result, 0, a.Length);
            Buffer.BlockCopy(b, 0, result, a.Length, b.Length);
            return result;
        }
        internal static bool IsDiskFull(IOException io) => Rostrvm.Core.IO.DiskFull.Is(io);

        /// <summary>An owner-only file written in large blocks, hashed as it is written, flushed to disk at the end.</summary>
        private sealed class HashingFileWriter : IDisposable
        {
            private readonly FileStream _stream;
            private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            private readonly byte[] _buffer = new byte[1 << 18];
            private int _used;

            public HashingFileWriter(string path)
            {
                _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan);
                FilePermissions.RestrictToOwner(path);
            }

            public long Bytes { get; private set; }
            public string Sha256 { get; private set; } = "";

            [MethodImpl(HotPathOptions.Hot)]
            public void Write(byte[] data, int length)
            {
                if (_used + length > _buffer.Length) Drain();
                if (length > _buffer.Length)
                {
                    _hash.AppendData(data, 0, length);
                    _stream.Write(data, 0, length);
                }
                else
                {
                    Buffer.BlockCopy(data, 0, _buffer, _used, length);
                    _used += length;
                }
                Bytes += length;
            }

            private void Drain()
            {
                if (_used == 0) return;
                _hash.AppendData(_buffer, 0, _used);
                _stream.Write(_buffer, 0, _used);
                _used = 0;
            }

            /// <summary>Writes what is buffered and computes the hash; <see cref="FlushToDiskAndClose"/> follows.</summary>
            public void Complete()
            {
                Drain();
                Sha256 = MisManifest.Hex(_hash.GetHashAndReset());
            }

            public void FlushToDiskAndClose()
            {
                try { _stream.Flush(flushToDisk: true); }
                finally { Dispose(); }
            }

            public void Dispose()
            {
                _stream.Dispose();
                _hash.Dispose();
            }
        }
    }
}
