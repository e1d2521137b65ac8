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
    /// Writes a recording's body to a file wherever it lives now: the database row, or the archive
    /// and entry the row names (or, when the row is gone, any archive of that kind whose manifest
    /// lists it). Archive copies are checked against the manifest's SHA-256 on the way out.
    /// </summary>
    public sealed class RecordingExporter : IDisposable
    {
        private readonly RostrvmSettings _settings;
        private readonly ConnectionOptions _connection;
        private readonly string _archivePath;
        private readonly string? _password;
        private readonly IJobReporter _reporter;
        private readonly Dictionary<string, ArchiveReader> _readers = new Dictionary<string, ArchiveReader>(StringComparer.Ordinal);
        private readonly Dictionary<string, RecordingTable> _tables =
            new Dictionary<string, RecordingTable>(StringComparer.OrdinalIgnoreCase);
        private readonly byte[] _buffer = new byte[1 << 20];
        // Opened by the first export (DatabaseAsync).
        private MySqlConnection? _database;

        public RecordingExporter(RostrvmSettings settings, ConnectionOptions connection, string archivePath, string? password,
            IJobReporter? reporter)
        {
            _settings = settings;
            _connection = connection;
            _archivePath = archivePath;
            _password = password;
            _reporter = reporter ?? SilentReporter.Instance;
        }

        /// <summary>Exports one recording; <paramref name="path"/> is a folder (file named Kind-id.ext) or a file.</summary>
        public async Task<ExportedRecording> ExportAsync(string kind, long id, string path, CancellationToken token)
        {
            var table = await TableAsync(kind, token).ConfigureAwait(false);
            var database = await DatabaseAsync(token).ConfigureAwait(false);
            var location = await table.LocateAsync(database, id, token).ConfigureAwait(false);
            // A body still in its row is read from there; otherwise from the archive that holds it.
            (ArchiveReader Reader, ManifestRecord Record)? archived = null;
            string extension;
            if (location is { BodyLength: not null })
            {
                extension = BodyFormat.Extension(table.Kind, location.Format);
            }
            else
            {
                var found = FindInArchives(table, location, id);
                archived = found;
                extension = Path.GetExtension(found.Record.Entry);
            }
            var target = Directory.Exists(path)
                ? Path.Combine(path, table.Kind + "-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + extension)
                : Path.GetFullPath(path);

            using (var file = AtomicFile.Create(target, ownerOnly: true))
            {
                string sha;
                long bytes;
                string? archive = null;
                if (archived is (var reader, var record))
                {
                    reader.CopyTo(record, file.Stream, _buffer, token);
                    bytes = record.Bytes;
                    sha = record.Sha256;
                    archive = reader.Path;
                }
                else
                {
                    using (var body = table.OpenBody(database, id)
                        ?? throw new RostrvmException("RecordingNotFound", FailureKind.ObjectNotFound,
                            $"{table.Kind} recording {id} lost its body while being exported; run the command again.", id))
                    using (var hash = BodyHash.Copy(body, file.Stream, _buffer, token))
                    {
                        bytes = hash.Length;
                        sha = hash.FinishSha256();
                    }
                }
                file.Commit();
                _reporter.Verbose($"{table.Kind} recording {id}: {bytes:N0} bytes from {archive ?? "the database"} to '{target}'.");
                return new ExportedRecording { Kind = table.Kind, Id = id, Path = target, Bytes = bytes, Sha256 = sha,
                    Source = archive ?? "Database" };
            }
        }

        private (ArchiveReader Reader, ManifestRecord Record) FindInArchives(RecordingTable table, RecordingLocation? location, long id)
        {
            if (location?.ArchiveFile != null)
            {
                var reader = Reader(Path.Combine(_archivePath, location.ArchiveFile));
                var record = reader.Manifest.Recordings.FirstOrDefault(r => r.Id == id)
                    ?? throw new RostrvmException("RecordingNotInArchive", FailureKind.ObjectNotFound,
                        $"The database says {table.Kind} recording {id} is in '{reader.Path}', but that archive's manifest does not list " +
                            $"it. Restore the archive from a copy.", reader.Path);
                return (reader, record);
            }
            // The row is gone (or never recorded): look through the archives of this kind.
            var catalog = new RecordingArchiveCatalog(_settings, _reporter);
            foreach (var file in catalog.Files(_archivePath, new[] { table.Kind }))
            {
                ArchiveReader reader;
                try { reader = Reader(file); }
                catch (RostrvmException ex) when (ex.ErrorId == "ArchiveUnreadable") { _reporter.Warning(ex.Message); continue; }
                var record = reader.Manifest.Recordings.FirstOrDefault(r => r.Id == id);
                if (record != null) return (reader, record);
            }
            throw new RostrvmException("RecordingNotFound", FailureKind.ObjectNotFound,
                $"There is no {table.Kind} recording {id} in the database table '{table.Source.Table}' nor in the archives under " +
                    $"'{_archivePath}'.", id);
        }

        private ArchiveReader Reader(string path)
        {
            if (!_readers.TryGetValue(path, out var reader))
            {
                reader = ArchiveReader.Open(path, _password);
                _readers[path] = reader;
            }
            return reader;
        }

        private async Task<RecordingTable> TableAsync(string kind, CancellationToken token)
        {
            if (_tables.TryGetValue(kind, out var table)) return table;
            var source = RecordingTable.Resolve(_settings, kind);
            var database = await DatabaseAsync(token).ConfigureAwait(false);
            table = await RecordingTable.LoadAsync(database, source.Key, source.Value, token).ConfigureAwait(false);
            _tables[kind] = table;
            return table;
        }

        private async Task<MySqlConnection> DatabaseAsync(CancellationToken token) =>
            _database ??= await ConnectionFactory.OpenAsync(_connection, true, token).ConfigureAwait(false);

        public void Dispose()
        {
            foreach (var reader in _readers.Values) reader.Dispose();
            _database?.Dispose();
        }
    }
}
