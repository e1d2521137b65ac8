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
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// Lists the archives in a folder (kind, from, to, count, size) and with Verify reads every
    /// entry back. An archive that cannot be read is listed, with the recordings the database says
    /// it holds as unreadable: never silently dropped.
    /// </summary>
    public sealed class RecordingArchiveCatalog
    {
        private readonly RostrvmSettings _settings;
        private readonly IJobReporter _reporter;

        public RecordingArchiveCatalog(RostrvmSettings settings, IJobReporter? reporter)
        {
            _settings = settings;
            _reporter = reporter ?? SilentReporter.Instance;
        }

        /// <summary>The kind whose archive prefix starts this file name, or null.</summary>
        public string? KindOf(string prefix)
        {
            foreach (var pair in _settings.EffectiveRecordingSources)
                if (string.Equals(pair.Value.ArchivePrefix ?? pair.Key, prefix, StringComparison.OrdinalIgnoreCase)) return pair.Key;
            return null;
        }

        public IEnumerable<string> Files(string directory, IList<string>? kinds) => Archives(directory, kinds).Select(a => a.Path);

        /// <summary>The archives of the kinds asked for (null or empty: all), by name, with what their names say.</summary>
        private IEnumerable<(string Path, string Kind, DateTime From, DateTime To)> Archives(string directory, IList<string>? kinds)
        {
            if (!Directory.Exists(directory))
                throw new RostrvmException("ArchivePathNotFound", FailureKind.ObjectNotFound,
                    $"The archive folder '{directory}' does not exist or cannot be reached. Check -ArchivePath (or ArchivePath in the " +
                        $"settings).", directory);
            var archives = new List<(string Path, string Kind, DateTime From, DateTime To)>();
            foreach (var file in Directory.GetFiles(directory, "*" + ArchiveName.Extension))
            {
                if (!ArchiveName.TryParse(file, out var prefix, out var from, out var to) || !(KindOf(prefix) is { } kind)) continue;
                if (kinds == null || kinds.Count == 0 || kinds.Contains(kind, StringComparer.OrdinalIgnoreCase))
                    archives.Add((file, kind, from, to));
            }
            return archives.OrderBy(a => a.Path, StringComparer.Ordinal);
        }

        public async Task<List<CatalogEntry>> ListAsync(string directory, IList<string>? kinds, string? password, bool verify,
            ConnectionOptions? connection, CancellationToken token)
        {
            var result = new List<CatalogEntry>();
            MySqlConnection? database = null;
            var tables = new Dictionary<string, RecordingTable?>(StringComparer.OrdinalIgnoreCase);
            var buffer = new byte[1 << 20];
            try
            {
                var files = Archives(directory, kinds).ToList();
                var done = 0;
                foreach (var (path, kind, from, to) in files)
                {
                    token.ThrowIfCancellationRequested();
                    _reporter.Progress(new JobProgress("Reading recording archives", Path.GetFileName(path),
                        JobProgress.Percent(done++, files.Count)));
                    var entry = new CatalogEntry
                    {
                        Archive = new RecordingArchive { Name = Path.GetFileName(path), Path = path, Kind = kind, From = from, To = to,
                            Size = new FileInfo(path).Length },
                    };
                    var pending = File.Exists(path + PendingArchive.Suffix);
                    try
                    {
                        using (var reader = ArchiveReader.Open(path, password))
                        {
                            var described = RecordingArchiver.Describe(path, kind, reader.Manifest, reader.Encrypted, pending ? "Pending"
                                : "Ok");
                            entry.Archive = described;
                            if (verify)
                            {
                                var bad = reader.Verify(buffer, token);
                                var unreadable = bad.Select(b => b.Key.Id).ToList();
                                var missing = new List<long>();
                                if (connection != null && !pending)
                                {
                                    var found = await TableAsync(kind, () => database, c => database = c, connection, tables, token)
                                        .ConfigureAwait(false);
                                    if (found is { } consulted)
                                    {
                                        var inManifest = new HashSet<long>(described.Ids);
                                        missing = (await consulted.Table.IdsInArchiveAsync(consulted.Database, described.Name, token)
                                                .ConfigureAwait(false))
                                            .Where(id => !inManifest.Contains(id)).ToList();
                                    }
                                }
                                described.UnreadableIds = unreadable.Concat(missing).Distinct().OrderBy(i => i).ToArray();
                                if (described.UnreadableIds.Length == 0)
                                {
                                    if (!pending) described.Status = "Verified";
                                }
                                else
                                {
                                    described.Status = "Damaged";
                                    described.Message = bad.Count > 0 ? bad[0].Value
                                        : $"the database says it holds recordings {string.Join(", ", missing)} that its manifest does " +
                                        $"not list";
                                    entry.Error = new RostrvmException("ArchiveDamaged", FailureKind.InvalidData,
                                        $"The archive '{path}' is damaged: {described.UnreadableIds.Length} recordings cannot be read " +
                                            $"back ({string.Join(", ", described.UnreadableIds.Take(20))}" +
                                            $"{(described.UnreadableIds.Length > 20 ? ", ..." : string.Empty)}); " +
                                            $"first problem: {described.Message}. Restore the file from a copy.",
                                        path);
                                }
                            }
                        }
                    }
                    catch (RostrvmException ex) when (ex.ErrorId == "ArchivePasswordRequired")
                    {
                        entry.Archive.Encrypted = true;
                        entry.Archive.Status = "PasswordRequired";
                        entry.Archive.Message = "Encrypted: give -Password to list its recordings.";
                        if (verify) entry.Error = ex;
                    }
                    catch (RostrvmException ex)
                    {
                        entry.Error = ex;
                        entry.Archive.Status = ex.ErrorId == "ArchivePasswordIncorrect" ? "PasswordIncorrect" : "Unreadable";
                        entry.Archive.Message = ex.Message;
                        if (ex.ErrorId == "ArchiveUnreadable" && connection != null)
                        {
                            // The manifest is lost with the file's end; the database still knows which rows point here.
                            var found = await TableAsync(kind, () => database, c => database = c, connection, tables, token)
                                .ConfigureAwait(false);
                            if (found is { } consulted)
                            {
                                var ids = await consulted.Table.IdsInArchiveAsync(consulted.Database, entry.Archive.Name, token)
                                    .ConfigureAwait(false);
                                entry.Archive.Ids = ids.ToArray();
                                entry.Archive.UnreadableIds = ids.ToArray();
                                entry.Archive.Count = ids.Count;
                                entry.Error = new RostrvmException(ex.ErrorId, ex.Kind,
                                    ex.Message + $" The database lists {ids.Count} recordings in " +
                                        $"it: {string.Join(", ", ids.Take(50))}{(ids.Count > 50 ? ", ..." : string.Empty)}.", path,
                                        ex.InnerException);
                                entry.Archive.Message = entry.Error.Message;
                            }
                        }
                    }
                    result.Add(entry);
                }
            }
            finally
            {
                database?.Dispose();
            }
            return result;
        }

        /// <summary>
        /// The kind's table and the connection to ask it on, opened once for every kind; null when the database cannot be
        /// consulted about the kind (said once, as a warning). A kind's table is known only once the connection is open.
        /// </summary>
        private async Task<(RecordingTable Table, MySqlConnection Database)?> TableAsync(string kind, Func<MySqlConnection?> get,
            Action<MySqlConnection> set, ConnectionOptions options, Dictionary<string, RecordingTable?> tables, CancellationToken token)
        {
            var database = get();
            if (tables.TryGetValue(kind, out var known)) return known != null && database != null ? (known, database) : null;
            try
            {
                if (database == null) set(database = await ConnectionFactory.OpenAsync(options, true, token).ConfigureAwait(false));
                var table = await RecordingTable.LoadAsync(database, kind, _settings.EffectiveRecordingSources[kind], token)
                    .ConfigureAwait(false);
                tables[kind] = table;
                return (table, database);
            }
            catch (RostrvmException ex)
            {
                _reporter.Warning($"Could not consult the database about {kind} archives: {ex.Message}");
                tables[kind] = null;
                return null;
            }
        }
    }
}
