using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace Rostrvm.Core.Logs
{
    /// <summary>
    /// Which files some process holds open for writing. Linux has no mandatory locking, so a logger
    /// that still has yesterday's file open is found through /proc: every <c>/proc/&lt;pid&gt;/fd/N</c>
    /// link that resolves to one of the files, with write access in <c>/proc/&lt;pid&gt;/fdinfo/N</c>
    /// (flags &amp; O_ACCMODE is O_WRONLY or O_RDWR). Processes we may not inspect are skipped.
    /// On Windows this returns nothing: there the sharing mode of our read handle (FileShare.Read)
    /// already refuses a file that a writer holds open. Everywhere, the compressor also checks that
    /// length and last-write time did not change while it read the file.
    /// </summary>
    public static class OpenForWritingScanner
    {
        // FileSystemInfo.LinkTarget exists from .NET 6 on (PowerShell 7); not in netstandard2.0.
        private static readonly PropertyInfo? s_linkTarget = typeof(FileSystemInfo).GetProperty("LinkTarget");

        /// <summary>True where the scan can see other processes' open files.</summary>
        public static bool IsSupported => s_linkTarget != null && Directory.Exists("/proc/self/fdinfo");

        /// <summary>The subset of <paramref name="paths"/> (full paths) open for writing somewhere.</summary>
        public static ISet<string> Scan(IEnumerable<string> paths)
        {
            var open = new HashSet<string>(StringComparer.Ordinal);
            var wanted = new HashSet<string>(paths, StringComparer.Ordinal);
            if (wanted.Count == 0 || !IsSupported) return open;

            foreach (var processDirectory in SafeEnumerate(() => Directory.EnumerateDirectories("/proc")))
            {
                var pid = Path.GetFileName(processDirectory);
                if (pid.Length == 0 || !char.IsDigit(pid[0])) continue;
                foreach (var descriptor in SafeEnumerate(() => Directory.EnumerateFileSystemEntries(Path.Combine(processDirectory, "fd"))))
                {
                    var target = LinkTarget(descriptor);
                    if (target == null || !wanted.Contains(target) || open.Contains(target)) continue;
                    if (IsWriteAccess(Path.Combine(processDirectory, "fdinfo", Path.GetFileName(descriptor)))) open.Add(target);
                }
            }
            return open;
        }

        private static string? LinkTarget(string descriptor)
        {
            try { return s_linkTarget?.GetValue(new FileInfo(descriptor)) as string; }
            catch (TargetInvocationException) { return null; } // the descriptor closed, or no permission
        }

        private static bool IsWriteAccess(string fdinfo)
        {
            try
            {
                foreach (var line in File.ReadAllLines(fdinfo))
                {
                    if (!line.StartsWith("flags:", StringComparison.Ordinal)) continue;
                    var flags = Convert.ToInt32(line.Substring(6).Trim(), 8);
                    return (flags & 3) != 0; // O_WRONLY = 1, O_RDWR = 2
                }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            catch (FormatException) { }
            return false;
        }

        private static IEnumerable<string> SafeEnumerate(Func<IEnumerable<string>> list)
        {
            try { return new List<string>(list()); }
            catch (IOException) { return Array.Empty<string>(); }
            catch (UnauthorizedAccessException) { return Array.Empty<string>(); }
        }
    }
}
