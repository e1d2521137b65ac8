using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>
    /// Keeps two maintenance runs from overlapping (docs/ARCHITECTURE.md, safety rule 5): a lock file in the root held
    /// open exclusively for the whole run. The operating system releases it when the holder's
    /// process ends, however it ends, so a crashed run never blocks the next night. Beside it, an
    /// owner file says who holds it (the lock file itself cannot be read while held); an owner
    /// file found with the lock free is the trace of a run that died: reported, then replaced.
    /// </summary>
    public sealed class MaintenanceLock : IDisposable
    {
        public const string FileName = "RostrvmMaintenance.lock";

        private FileStream? _stream;

        private MaintenanceLock(FileStream stream, string path, string ownerPath, string? staleOwner)
        {
            _stream = stream;
            Path = path;
            OwnerPath = ownerPath;
            StaleOwner = staleOwner;
        }

        public string Path { get; }
        public string OwnerPath { get; }

        /// <summary>Who held the lock before and died without releasing it; null if nobody.</summary>
        public string? StaleOwner { get; }

        public static string PathUnder(string root) => System.IO.Path.Combine(root, FileName);

        /// <summary>
        /// Takes the lock, waiting at most <paramref name="timeout"/> for another run to finish;
        /// then fails with MaintenanceLockTimeout naming the holder.
        /// </summary>
        public static MaintenanceLock Acquire(string root, string runName, TimeSpan timeout, CancellationToken token,
            Action<string>? verbose = null)
        {
            Directory.CreateDirectory(root);
            var path = PathUnder(root);
            var ownerPath = path + ".owner";
            var watch = Stopwatch.StartNew();
            var announced = false;
            while (true)
            {
                token.ThrowIfCancellationRequested();
                FileStream? stream = null;
                try
                {
                    stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                }
                catch (IOException)
                {
                    // Held by a live run.
                }
                catch (UnauthorizedAccessException ex)
                {
                    throw new RostrvmException("MaintenanceLockDenied", FailureKind.PermissionDenied,
                        $"The maintenance lock file '{path}' cannot be opened: {ex.Message} Run maintenance as the account that owns the " +
                            $"rostrvm root.", path, ex);
                }

                if (stream != null)
                {
                    var stale = ReadOwner(ownerPath);
                    var owner = string.Format(CultureInfo.InvariantCulture,
                        "{0} run, process {1} on {2}, since {3:yyyy-MM-dd HH:mm:ss zzz}",
                        runName, Process.GetCurrentProcess().Id, Environment.MachineName, DateTimeOffset.Now);
                    try
                    {
                        File.WriteAllText(ownerPath, owner, Encoding.UTF8);
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        stream.Dispose();
                        throw new RostrvmException("MaintenanceLockDenied", FailureKind.PermissionDenied,
                            $"The maintenance lock owner file '{ownerPath}' cannot be written: {ex.Message}", ownerPath, ex);
                    }
                    return new MaintenanceLock(stream, path, ownerPath, stale);
                }

                if (watch.Elapsed >= timeout)
                {
                    var holder = ReadOwner(ownerPath) ?? "another process";
                    throw new RostrvmException("MaintenanceLockTimeout", FailureKind.ResourceBusy,
                        string.Format(CultureInfo.InvariantCulture,
                            "Another maintenance run holds the lock '{0}' ({1}); waited {2:N0} s. Two runs must not overlap: let that " +
                                "run finish, or if it hangs stop that process, then run again. The wait is the LockTimeoutSeconds setting.",
                            path, holder, watch.Elapsed.TotalSeconds), path);
                }
                if (!announced)
                {
                    verbose?.Invoke($"Waiting up to {timeout.TotalSeconds:N0} s for the maintenance lock '{path}', held " +
                        $"by {ReadOwner(ownerPath) ?? "another process"}.");
                    announced = true;
                }
                var remaining = timeout - watch.Elapsed;
                var pause = remaining < TimeSpan.FromMilliseconds(250) ? remaining : TimeSpan.FromMilliseconds(250);
                if (pause > TimeSpan.Zero && token.WaitHandle.WaitOne(pause)) token.ThrowIfCancellationRequested();
            }
        }

        private static string? ReadOwner(string ownerPath)
        {
            try { return File.Exists(ownerPath) ? File.ReadAllText(ownerPath, Encoding.UTF8).Trim() : null; }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }

        public void Dispose()
        {
            if (_stream == null) return;
            // Owner file first: while the lock is still ours nobody else can be writing it.
            try { File.Delete(OwnerPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            _stream.Dispose();
            _stream = null;
        }
    }
}
