using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Encryption;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Rostrvm.Core.Jobs;
using Rostrvm.Core.Restore;

namespace Rostrvm.Core.Mirror
{
    /// <summary>
    /// Copies finished local files to every mirror: right after a job (only the files it made), or
    /// as Sync-RostrvmMirror (every local file the mirror lacks or holds with another size, partial
    /// files left by a cut copy removed, then retention). One mirror's failure never stops the
    /// others, and never touches a local file.
    /// </summary>
    public sealed class MirrorSync
    {
        private readonly MirrorOptions _options;
        private readonly IJobReporter _reporter;

        public MirrorSync(MirrorOptions options, IJobReporter? reporter = null)
        {
            _options = options;
            _reporter = reporter ?? SilentReporter.Instance;
        }

        /// <summary>Each mirror's failures, one exception per file (or one per mirror that cannot be opened).</summary>
        public List<RostrvmException> Failures { get; } = new List<RostrvmException>();

        /// <summary>Copies these files (local path, path on the mirror) to every mirror, whatever is there.</summary>
        public List<MirrorFile> Publish(IReadOnlyList<KeyValuePair<string, string>> files, CancellationToken token) =>
            Each(target => files.Select(f => CopyOne(target, f, token)).OfType<MirrorFile>().ToList(), token);

        /// <summary>Catches every mirror up with the local files, removes partial files, applies retention.</summary>
        public List<MirrorFile> Sync(IReadOnlyList<KeyValuePair<string, string>> files, Func<string, bool>? confirmRemove,
            CancellationToken token) =>
            Each(target =>
            {
                var results = new List<MirrorFile>();
                var folders = files.Select(f => Folder(f.Value)).Concat(new[] { MirrorLayout.BackupsFolder, MirrorLayout.BinlogFolder })
                    .Distinct().ToList();
                var present = new Dictionary<string, MirrorFile>(StringComparer.Ordinal);
                foreach (var folder in folders)
                {
                    foreach (var file in target.List(folder))
                    {
                        // A copy cut short (the mirror or the connection died): never a final name, removed here.
                        if (file.Name.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal)) target.Delete(file.RelativePath);
                        else present[file.RelativePath] = file;
                    }
                }
                foreach (var file in files)
                {
                    token.ThrowIfCancellationRequested();
                    if (present.TryGetValue(file.Value, out var there) && there.Size == new FileInfo(file.Key).Length)
                    {
                        there.Action = "AlreadyMirrored";
                        results.Add(there);
                        continue;
                    }
                    var copied = CopyOne(target, file, token);
                    if (copied != null)
                    {
                        results.Add(copied);
                        present[copied.RelativePath] = copied;
                    }
                }
                if (_options.RetentionDays > 0) results.AddRange(Retain(target, present.Values.ToList(), confirmRemove));
                return results;
            }, token);

        private List<MirrorFile> Each(Func<IMirrorTarget, List<MirrorFile>> work, CancellationToken token)
        {
            var results = new List<MirrorFile>();
            foreach (var destination in _options.Destinations)
            {
                token.ThrowIfCancellationRequested();
                try
                {
                    using (var target = MirrorDestination.Open(destination, _options))
                        results.AddRange(work(target));
                }
                catch (RostrvmException ex) { Failures.Add(ex); }
                catch (Exception ex) when (MirrorCopier.IsTransport(ex)) { Failures.Add(MirrorDestination.Unavailable(destination, ex)); }
            }
            return results;
        }

        private MirrorFile? CopyOne(IMirrorTarget target, KeyValuePair<string, string> file, CancellationToken token)
        {
            _reporter.Progress(new JobProgress("Copying to mirrors", $"{Path.GetFileName(file.Key)} -> {target.Name}"));
            try
            {
                var copied = MirrorCopier.Copy(target, file.Key, file.Value, token);
                _reporter.Verbose($"Copied '{file.Key}' to '{target.Name}/{file.Value}' (size and SHA-256 read back).");
                return copied;
            }
            catch (RostrvmException ex) when (ex.ErrorId == "MirrorVerificationFailed")
            {
                Failures.Add(ex);
                return null;
            }
        }

        /// <summary>
        /// Removes mirrored files older than the retention, never the newest MirrorCycle full backups
        /// on the mirror (at least the newest), nor the binlog copies from the one the oldest of them
        /// starts at (all of them when that is not known, e.g. an encrypted backup read without its key).
        /// </summary>
        private IEnumerable<MirrorFile> Retain(IMirrorTarget target, List<MirrorFile> present, Func<string, bool>? confirmRemove)
        {
            var cutoff = DateTime.UtcNow.AddDays(-_options.RetentionDays);
            var backups = present.Where(f => Folder(f.RelativePath) == MirrorLayout.BackupsFolder && BackupCycle.IsBackupFile(f.Name))
                .OrderByDescending(f => f.LastWriteTimeUtc).ToList();
            var kept = backups.Take(Math.Max(1, _options.Cycle)).ToList();
            long keepBinlogsFrom = kept.Count == 0 ? long.MaxValue : kept.Select(b => StartSequence(target, b)).Min();
            var removed = new List<MirrorFile>();
            foreach (var file in present)
            {
                if (file.LastWriteTimeUtc >= cutoff || kept.Contains(file)) continue;
                if (Folder(file.RelativePath) == MirrorLayout.BinlogFolder)
                {
                    if (!BinlogChain.TryParseName(OpenPgpWriter.PlainName(file.Name), out _, out var sequence)
                        || sequence >= keepBinlogsFrom) continue;
                }
                if (confirmRemove != null && !confirmRemove(target.Name + "/" + file.RelativePath)) continue;
                target.Delete(file.RelativePath);
                file.Action = "Removed";
                removed.Add(file);
            }
            return removed;
        }

        /// <summary>The number of the binlog a kept backup starts from; 0 (keep every binlog) when it cannot be read.</summary>
        private long StartSequence(IMirrorTarget target, MirrorFile backup)
        {
            var local = _options.LocalBackupFolder == null ? null : Path.Combine(_options.LocalBackupFolder, backup.Name);
            var start = local != null && File.Exists(local) ? HeaderBinlog(local) : BinlogStartOf(target, backup);
            return start != null && BinlogChain.TryParseName(start, out _, out var sequence) ? sequence : 0;
        }

        /// <summary>The binlog file a mirrored backup starts from, read from its header on the mirror; null when unreadable.</summary>
        private static string? BinlogStartOf(IMirrorTarget target, MirrorFile backup)
        {
            if (OpenPgpWriter.IsEncrypted(backup.Name) && DecryptionScope.Current == null) return null;
            var cache = Path.Combine(Path.GetTempPath(), "rostrvm-mirror-" + Guid.NewGuid().ToString("N").Substring(0,
                8) + "-" + backup.Name);
            try
            {
                // Only the file's head is needed for its header; a copy keeps one reader for all forms (gz, gpg).
                using (var remote = target.OpenRead(backup.RelativePath))
                using (var local = new FileStream(cache, FileMode.CreateNew, FileAccess.Write))
                {
                    FilePermissions.RestrictToOwner(cache);
                    remote.CopyTo(local, 1 << 20);
                }
                return HeaderBinlog(cache);
            }
            catch (Exception ex) when (MirrorCopier.IsTransport(ex)) { return null; }
            finally { try { File.Delete(cache); } catch (IOException) { } }
        }

        private static string? HeaderBinlog(string path)
        {
            if (OpenPgpWriter.IsEncrypted(path) && DecryptionScope.Current == null) return null;
            try { return BackupCatalog.ReadHeader(path)?.BinlogFile; }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is RostrvmException) { return null; }
        }

        private static string Folder(string relativePath) => relativePath.Substring(0, Math.Max(0, relativePath.LastIndexOf('/')));
    }
}
