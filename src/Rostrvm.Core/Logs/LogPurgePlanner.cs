using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Logs
{
    /// <summary>
    /// Decides what the log job does, without changing anything. Only two kinds of files are ever
    /// considered: files directly in the log directory whose names match the log patterns, and
    /// zips directly inside month folders (only for retention). Nothing in subfolders, nothing
    /// reached through a link, nothing outside the directory.
    /// </summary>
    public static class LogPurgePlanner
    {
        public const string ZipExtension = ".zip";

        public static IReadOnlyList<LogAction> Plan(LogPurgeRequest request)
        {
            var directory = CheckDirectory(request.Directory);
            var patterns = new LogNamePattern(request.Patterns);
            var nowUtc = request.Now.Kind == DateTimeKind.Utc ? request.Now : request.Now.ToUniversalTime();
            var deleteBefore = request.DeleteOlderThan.HasValue ? nowUtc - request.DeleteOlderThan.Value : (DateTime?)null;
            var compressBefore = request.CompressOlderThan.HasValue ? nowUtc - request.CompressOlderThan.Value : (DateTime?)null;

            var deletes = new List<LogAction>();
            var compresses = new List<LogAction>();
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                if (!IsLog(file, patterns)) continue;
                var lastWrite = file.LastWriteTimeUtc;
                if (deleteBefore.HasValue && lastWrite < deleteBefore.Value)
                {
                    deletes.Add(ActionFor(LogActionKind.Delete, file, null));
                }
                else if (compressBefore.HasValue && lastWrite < compressBefore.Value)
                {
                    var month = MonthFolder.NameFor(file.LastWriteTime);
                    var action = ActionFor(LogActionKind.Compress, file, month);
                    action.ZipPath = System.IO.Path.Combine(directory, month, file.Name + ZipExtension);
                    compresses.Add(action);
                }
            }

            if (deleteBefore.HasValue)
            {
                foreach (var folder in MonthFolders(directory))
                {
                    foreach (var zip in folder.EnumerateFiles("*" + ZipExtension).OrderBy(f => f.Name, StringComparer.Ordinal))
                    {
                        if (!zip.Name.EndsWith(ZipExtension, StringComparison.OrdinalIgnoreCase) || IsLink(zip)) continue;
                        if (zip.LastWriteTimeUtc >= deleteBefore.Value) continue;
                        var action = ActionFor(LogActionKind.Delete, zip, folder.Name);
                        action.IsZip = true;
                        action.ZipPath = zip.FullName;
                        deletes.Add(action);
                    }
                }
            }
            return deletes.Concat(compresses).ToList();
        }

        /// <summary>The month folders directly under the log directory (real folders, not links).</summary>
        public static IEnumerable<DirectoryInfo> MonthFolders(string directory) =>
            new DirectoryInfo(directory).EnumerateDirectories()
                .Where(d => MonthFolder.IsMonthFolderName(d.Name) && !IsLink(d))
                .OrderBy(d => d.Name, StringComparer.Ordinal);

        /// <summary>The log name a log zip holds: "a.log.zip" and "a.log (2).zip" both hold "a.log".</summary>
        public static string LogNameOfZip(string zipName)
        {
            var name = zipName.Substring(0, zipName.Length - ZipExtension.Length);
            var open = name.LastIndexOf(" (", StringComparison.Ordinal);
            if (open > 0 && name.EndsWith(")", StringComparison.Ordinal) &&
                int.TryParse(name.Substring(open + 2, name.Length - open - 3), out var n) && n > 1)
            {
                return name.Substring(0, open);
            }
            return name;
        }

        /// <summary>The zip name for the n-th log of that name in one month (n = 1: "a.log.zip").</summary>
        public static string ZipNameFor(string logName, int n) =>
            n <= 1 ? logName + ZipExtension : $"{logName} ({n}){ZipExtension}";

        internal static string CheckDirectory(string? directory)
        {
            if (string.IsNullOrWhiteSpace(directory) || !System.IO.Directory.Exists(directory))
            {
                throw new RostrvmException("LogDirectoryNotFound", FailureKind.ObjectNotFound,
                    $"The log directory '{directory}' does not exist. Set LogPath with Set-RostrvmConfiguration, or pass -Path with an " +
                        $"existing folder.",
                    directory);
            }
            return System.IO.Path.GetFullPath(directory).TrimEnd(System.IO.Path.DirectorySeparatorChar,
                System.IO.Path.AltDirectorySeparatorChar);
        }

        private static bool IsLog(FileInfo file, LogNamePattern patterns) =>
            patterns.IsMatch(file.Name)
            && !file.Name.EndsWith(ZipExtension, StringComparison.OrdinalIgnoreCase)
            && !file.Name.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal)
            && !IsLink(file);

        private static bool IsLink(FileSystemInfo item) => (item.Attributes & FileAttributes.ReparsePoint) != 0;

        private static LogAction ActionFor(LogActionKind kind, FileInfo file, string? month) => new LogAction
        {
            Kind = kind,
            Path = file.FullName,
            Name = file.Name,
            LastWriteTime = file.LastWriteTime,
            Length = file.Length,
            MonthFolder = month,
        };
    }
}
