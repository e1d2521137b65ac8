using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Logs
{
    /// <summary>
    /// Carries out approved <see cref="LogAction"/>s. Per log: zip under a temporary name, flush,
    /// check the log did not change meanwhile, read the zip back (CRC-32 and length against the
    /// bytes read), set the zip's time, rename it into place, and only then delete the log. A
    /// killed run leaves at worst a temporary file (removed by the next run) or a complete zip
    /// beside its still-present log (recognised by content by the next run, which then deletes
    /// the log). Deletions run first, so retention frees space before compression needs it.
    /// </summary>
    public sealed class LogPurgeRunner
    {
        public const string LockFileName = ".rostrvm-logs.lock";
        private const string Activity = "Rostrvm log purge";

        private readonly string _directory;
        private readonly IJobReporter _reporter;

        public LogPurgeRunner(string directory, IJobReporter? reporter = null)
        {
            _directory = LogPurgePlanner.CheckDirectory(directory);
            _reporter = reporter ?? SilentReporter.Instance;
        }

        /// <summary>Files compressed at the same time: two on a multi-core machine.</summary>
        public int MaxParallel { get; set; } = Math.Max(1, Math.Min(2, Environment.ProcessorCount));

        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(10);

        public async Task<LogPurgeOutcome> RunAsync(IReadOnlyList<LogAction> actions, CancellationToken cancellationToken)
        {
            using (await FileJobLock.AcquireAsync(Path.Combine(_directory, LockFileName), LockTimeout, cancellationToken)
                .ConfigureAwait(false))
            {
                RemoveLeftovers();
                var results = new LogFileResult?[actions.Count];
                var failures = new ConcurrentQueue<KeyValuePair<int, RostrvmException>>();
                var inUse = OpenForWritingScanner.Scan(actions.Where(a => !a.IsZip).Select(a => a.Path));
                long totalBytes = actions.Sum(a => a.Length), doneBytes = 0;

                void Record(int index, Func<LogFileResult?> work)
                {
                    try { results[index] = work(); }
                    catch (RostrvmException ex) { failures.Enqueue(new KeyValuePair<int, RostrvmException>(index, ex)); }
                    catch (IOException ex)
                    {
                        failures.Enqueue(new KeyValuePair<int, RostrvmException>(index, Translate(ex, actions[index])));
                    }
                    catch (UnauthorizedAccessException ex)
                    {
                        failures.Enqueue(new KeyValuePair<int, RostrvmException>(index, Translate(ex, actions[index])));
                    }
                    var done = Interlocked.Add(ref doneBytes, actions[index].Length);
                    _reporter.Progress(new JobProgress(Activity, $"{actions[index].Kind} {actions[index].Name}",
                        JobProgress.Percent(done, totalBytes)));
                }

                for (var i = 0; i < actions.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (actions[i].Kind == LogActionKind.Delete) Record(i, () => Delete(actions[i], inUse));
                }

                // Compression: a shared queue drained by MaxParallel workers. A full disk stops
                // further work: every following zip would fail the same way.
                var queue = new ConcurrentQueue<int>(Enumerable.Range(0, actions.Count)
                    .Where(i => actions[i].Kind == LogActionKind.Compress));
                var diskFull = 0;
                var workers = Enumerable.Range(0, Math.Max(1, MaxParallel)).Select(_ => Task.Run(() =>
                {
                    while (Volatile.Read(ref diskFull) == 0 && queue.TryDequeue(out var index))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        Record(index, () =>
                        {
                            try { return Compress(actions[index], inUse, cancellationToken); }
                            catch (IOException ex) when (DiskFull.Is(ex))
                            {
                                if (Interlocked.Exchange(ref diskFull, 1) == 1) return null; // reported once
                                throw new RostrvmException("DiskFull", FailureKind.WriteError,
                                    $"The disk holding '{_directory}' is full: '{actions[index].Name}' could not be zipped. It and every " +
                                        $"log not yet zipped were left in place; free some space and run the command again.",
                                    actions[index].Path, ex);
                            }
                        });
                    }
                }, cancellationToken)).ToArray();
                await Task.WhenAll(workers).ConfigureAwait(false);

                RemoveEmptyMonthFolders();
                return new LogPurgeOutcome
                {
                    Files = results.OfType<LogFileResult>().ToList(),
                    Failures = failures.OrderBy(f => f.Key).Select(f => f.Value).ToList(),
                };
            }
        }

        private LogFileResult Compress(LogAction action, ISet<string> inUse, CancellationToken cancellationToken)
        {
            if (inUse.Contains(action.Path)) return Skipped(action, "InUse", "another process has it open for writing");
            var before = new FileInfo(action.Path);
            if (!before.Exists) return Skipped(action, "Missing", "it no longer exists");

            var monthDirectory = Path.Combine(_directory, action.MonthFolder);
            if (File.Exists(monthDirectory))
            {
                throw new RostrvmException("MonthFolderIsFile", FailureKind.InvalidOperation,
                    $"Cannot zip '{action.Path}': '{monthDirectory}' is a file, not a month folder. The log was left in place; rename or " +
                        $"move that file, then run the command again.",
                    monthDirectory);
            }
            FilePermissions.CreateOwnerOnlyFolder(monthDirectory);

            FileStream source;
            try
            {
                source = new FileStream(action.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            }
            catch (FileNotFoundException) { return Skipped(action, "Missing", "it no longer exists"); }
            catch (IOException ex) when (!DiskFull.Is(ex))
            {
                return Skipped(action, "InUse", "another process holds it open: " + ex.Message);
            }

            string? zipPath;
            long zipLength;
            using (source)
            {
                var lastWriteUtc = before.LastWriteTimeUtc;
                ZipEntryInfo? existing = null;
                zipPath = null;
                for (var n = 1; zipPath == null; n++)
                {
                    var candidate = Path.Combine(monthDirectory, LogPurgePlanner.ZipNameFor(action.Name, n));
                    if (!File.Exists(candidate) && !Directory.Exists(candidate)) { zipPath = candidate; break; }
                    if (Directory.Exists(candidate)) continue;
                    if (existing == null)
                    {
                        existing = ZipEntryWriter.Checksum(action.Name, source, cancellationToken);
                        source.Position = 0;
                    }
                    if (HoldsAlready(candidate, existing, action, cancellationToken))
                    {
                        source.Dispose();
                        DeleteOriginal(action, candidate);
                        return Result(action, LogFileActions.AlreadyCompressed, candidate, new FileInfo(candidate).Length);
                    }
                }

                // Owner-only while written; then the log's own mode (never wider) and owner.
                using (var zip = AtomicFile.Create(zipPath, ownerOnly: true))
                {
                    var written = ZipEntryWriter.WriteSingle(zip.Stream, action.Name, before.LastWriteTime, source, cancellationToken);
                    zip.Flush();
                    var after = new FileInfo(action.Path);
                    if (after.Length != before.Length || after.LastWriteTimeUtc != lastWriteUtc || written.Length != before.Length)
                    {
                        return Skipped(action, "ChangedWhileCompressing", "it was written to while being zipped");
                    }
                    ZipVerifier.Verify(zip.TemporaryPath, new[] { written }, cancellationToken);
                    File.SetLastWriteTimeUtc(zip.TemporaryPath, lastWriteUtc);
                    FilePermissions.MatchNoWider(action.Path, zip.TemporaryPath);
                    zip.Commit();
                }
                zipLength = new FileInfo(zipPath).Length;
            }
            DeleteOriginal(action, zipPath);
            _reporter.Verbose($"Zipped '{action.Name}' ({action.Length:N0} bytes) into '{zipPath}' ({zipLength:N0} bytes).");
            return Result(action, LogFileActions.Compressed, zipPath, zipLength);
        }

        /// <summary>
        /// An existing zip under the name a log wants: the same content means an earlier run was
        /// stopped between the rename and the delete; other content means another log of that
        /// name (next " (n)" name); unreadable means stop and ask a person.
        /// </summary>
        private bool HoldsAlready(string zipPath, ZipEntryInfo log, LogAction action, CancellationToken cancellationToken)
        {
            IReadOnlyList<ZipEntryInfo> entries;
            try { entries = ZipVerifier.Verify(zipPath, null, cancellationToken); }
            catch (ZipCorruptException ex)
            {
                throw new RostrvmException("CorruptZip", FailureKind.InvalidData,
                    $"'{zipPath}' already exists for '{action.Path}' but cannot be read back ({ex.Message}). The log and the zip were " +
                        $"both kept; check the zip, move it away, then run the command again.",
                    zipPath, ex);
            }
            return entries.Count == 1 && entries[0].Name == action.Name && entries[0].SameContentAs(log);
        }

        private void DeleteOriginal(LogAction action, string zipPath)
        {
            try { File.Delete(action.Path); }
            catch (IOException ex)
            {
                throw new RostrvmException("LogDeleteFailed", FailureKind.WriteError,
                    $"'{action.Path}' was zipped and verified into '{zipPath}' but could not be deleted: {ex.Message}. The next run " +
                        $"recognises the zip and deletes the log.",
                    action.Path, ex);
            }
        }

        private LogFileResult Delete(LogAction action, ISet<string> inUse)
        {
            if (!File.Exists(action.Path)) return Skipped(action, "Missing", "it no longer exists");
            if (action.IsZip)
            {
                IReadOnlyList<ZipEntryInfo> entries;
                try { entries = ZipVerifier.ReadDirectory(action.Path); }
                catch (ZipCorruptException ex)
                {
                    throw new RostrvmException("CorruptZip", FailureKind.InvalidData,
                        $"'{action.Path}' is past the retention but is not a readable zip ({ex.Message}), so it was not deleted. Check " +
                            $"what it is, then delete it by hand.",
                        action.Path, ex);
                }
                var logName = LogPurgePlanner.LogNameOfZip(action.Name);
                if (entries.Count != 1 || entries[0].Name != logName)
                    return Skipped(action, "NotALogZip", $"it does not hold exactly one entry named '{logName}', so it is not a log zip " +
                        $"this job wrote");
            }
            else if (inUse.Contains(action.Path))
            {
                return Skipped(action, "InUse", "another process has it open for writing");
            }

            try { File.Delete(action.Path); }
            catch (IOException ex) when (!action.IsZip) { return Skipped(action, "InUse", "it could not be deleted: " + ex.Message); }
            _reporter.Verbose($"Deleted '{action.Path}' (last written {action.LastWriteTime:yyyy-MM-dd HH:mm}).");
            return action.IsZip
                ? new LogFileResult { Action = LogFileActions.Deleted, Name = action.Name, Path = action.Path,
                    MonthFolder = action.MonthFolder, ZipPath = action.Path, LastWriteTime = action.LastWriteTime, Length = action.Length,
                    ZipLength = action.Length, Ratio = 1 }
                : Result(action, LogFileActions.Deleted, null, 0);
        }

        private LogFileResult Skipped(LogAction action, string reason, string detail)
        {
            _reporter.Warning($"Skipped '{action.Path}': {detail}.");
            var result = Result(action, LogFileActions.Skipped, null, 0);
            result.Reason = reason;
            return result;
        }

        private static LogFileResult Result(LogAction action, string what, string? zipPath, long zipLength) => new LogFileResult
        {
            Action = what,
            Name = action.Name,
            Path = action.Path,
            MonthFolder = zipPath == null ? null : action.MonthFolder,
            ZipPath = zipPath,
            LastWriteTime = action.LastWriteTime,
            Length = action.Length,
            ZipLength = zipLength,
            Ratio = zipPath == null || action.Length == 0 ? 0 : Math.Round((double)zipLength / action.Length, 4),
        };

        private void RemoveLeftovers()
        {
            foreach (var folder in LogPurgePlanner.MonthFolders(_directory))
            {
                var removed = AtomicFile.RemoveLeftovers(folder.FullName);
                if (removed > 0) _reporter.Verbose($"Removed {removed} unfinished zip(s) an interrupted run left in '{folder.FullName}'.");
            }
        }

        private void RemoveEmptyMonthFolders()
        {
            foreach (var folder in LogPurgePlanner.MonthFolders(_directory))
            {
                if (folder.EnumerateFileSystemInfos().Any()) continue;
                try
                {
                    folder.Delete(recursive: false);
                    _reporter.Verbose($"Removed the empty month folder '{folder.FullName}'.");
                }
                catch (IOException) { } // something appeared in it meanwhile
            }
        }

        private static RostrvmException Translate(Exception ex, LogAction action) =>
            ex is UnauthorizedAccessException
                ? new RostrvmException("LogAccessDenied", FailureKind.PermissionDenied,
                    $"Access to '{action.Path}' was denied: {ex.Message}. The file was left as it is; run as an account that may change " +
                    $"the log directory.", action.Path, ex)
                : new RostrvmException(DiskFull.Is((IOException)ex) ? "DiskFull" : "LogFileFailed", FailureKind.WriteError,
                    $"'{action.Path}' could not be processed: {ex.Message}. It was left in place.", action.Path, ex);
    }
}
