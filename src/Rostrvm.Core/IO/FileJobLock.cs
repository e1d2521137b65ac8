using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.IO
{
    /// <summary>
    /// Keeps two runs of a file job apart (docs/ARCHITECTURE.md, safety rule 5): a lock file held open with FileShare.None
    /// (a share-mode lock on Windows, flock(LOCK_EX) on Unix; both vanish with the process, so a
    /// killed run never leaves a stale lock). A second run waits up to the timeout, then fails.
    /// </summary>
    public sealed class FileJobLock : IDisposable
    {
        private FileStream? _stream;

        private FileJobLock(FileStream stream, string path)
        {
            _stream = stream;
            Path = path;
        }

        public string Path { get; }

        public static async Task<FileJobLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                try
                {
                    return new FileJobLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1,
                        FileOptions.None), path);
                }
                catch (IOException ex) when (!(ex is DirectoryNotFoundException) && !DiskFull.Is(ex))
                {
                    if (DateTime.UtcNow >= deadline)
                    {
                        throw new RostrvmException("JobLocked", FailureKind.ResourceBusy,
                            $"Another run holds the lock '{path}' and did not finish within {timeout.TotalSeconds:0} seconds. Wait for " +
                                $"it to end, then run the command again.",
                            path, ex);
                    }
                }
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }

        public void Dispose()
        {
            _stream?.Dispose();
            _stream = null;
        }
    }
}
