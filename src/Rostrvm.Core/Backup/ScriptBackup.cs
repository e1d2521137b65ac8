using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using ICSharpCode.SharpZipLib.Zip;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// Backup-RostrvmScript: the CallDirector routing scripts and macros zipped beside the full
    /// backup with the same cycle number (<c>rostrvm_920_1.scripts.zip</c>), each folder under
    /// its own name in the zip. Written atomically and read back (every entry's CRC) before it
    /// replaces the slot's previous zip.
    /// </summary>
    public static class ScriptBackup
    {
        public static ScriptBackupInfo Run(string backupFolder, string versionNumber, int slot, IReadOnlyList<string> scriptFolders,
            IJobReporter? reporter, CancellationToken token)
        {
            reporter = reporter ?? SilentReporter.Instance;
            var watch = Stopwatch.StartNew();
            DatabaseBackup.CheckFolder(backupFolder);
            if (slot < 1)
                throw new RostrvmException("BackupSlotInvalid", FailureKind.InvalidArgument,
                    $"Slot {slot} is not a backup cycle number. Pipe Backup-RostrvmDatabase into Backup-RostrvmScript, or give -Slot 1 " +
                        "or more.", slot);
            var present = scriptFolders.Where(Directory.Exists).Select(f => System.IO.Path.GetFullPath(f)).ToList();
            var missing = scriptFolders.Where(f => !Directory.Exists(f)).ToArray();
            foreach (var folder in missing)
                reporter.Warning($"The script folder '{folder}' does not exist; it is not in the zip.");
            if (present.Count == 0)
                throw new RostrvmException("ScriptFolderNotFound", FailureKind.ObjectNotFound,
                    $"None of the script folders exist ({string.Join(", ", scriptFolders)}). Set ScriptPaths in the settings or pass " +
                        "-ScriptPath.", string.Join(", ", scriptFolders));

            var finalPath = System.IO.Path.Combine(backupFolder, BackupCycle.ScriptsFileName(versionNumber, slot));
            var expected = new Dictionary<string, long>(StringComparer.Ordinal);
            long bytes = 0;
            using (var file = AtomicFile.Create(finalPath, ownerOnly: true))
            {
                DatabaseBackup.Guard(() =>
                {
                    using (var zip = new ZipOutputStream(file.Stream) { IsStreamOwner = false })
                    {
                        zip.SetLevel(6);
                        var buffer = new byte[1 << 16];
                        var usedRoots = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                        foreach (var folder in present)
                        {
                            var root = System.IO.Path.GetFileName(
                                folder.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar));
                            var unique = root;
                            for (var n = 2; !usedRoots.Add(unique); n++) unique = root + "_" + n;
                            foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                                .OrderBy(p => p, StringComparer.Ordinal))
                            {
                                token.ThrowIfCancellationRequested();
                                var name = unique + "/" + path.Substring(folder.Length).TrimStart('/', '\\').Replace('\\', '/');
                                var info = new FileInfo(path);
                                zip.PutNextEntry(new ZipEntry(ZipEntry.CleanName(name))
                                {
                                    DateTime = info.LastWriteTime, Size = info.Length,
                                });
                                using (var input = info.OpenRead())
                                {
                                    int n;
                                    while ((n = input.Read(buffer, 0, buffer.Length)) > 0) zip.Write(buffer, 0, n);
                                }
                                zip.CloseEntry();
                                expected[ZipEntry.CleanName(name)] = info.Length;
                                bytes += info.Length;
                            }
                        }
                        zip.Finish();
                    }
                    file.Flush();
                }, backupFolder);

                // Read back: every entry present with its size, every CRC right.
                using (var zip = new ZipFile(file.TemporaryPath))
                {
                    var ok = zip.TestArchive(testData: true);
                    var entries = zip.Cast<ZipEntry>().Where(e => e.IsFile)
                        .ToDictionary(e => e.Name, e => e.Size, StringComparer.Ordinal);
                    if (!ok || entries.Count != expected.Count
                        || expected.Any(e => !entries.TryGetValue(e.Key, out var size) || size != e.Value))
                        throw new RostrvmException("ScriptBackupVerificationFailed", FailureKind.WriteError,
                            $"The script zip read back from '{file.TemporaryPath}' does not match the files written. Nothing was " +
                                "replaced; run Backup-RostrvmScript again.", finalPath);
                }
                file.Commit();
            }
            reporter.Verbose($"Zipped {expected.Count} files ({bytes} bytes) from {present.Count} folder(s) into {finalPath}.");
            return new ScriptBackupInfo
            {
                Path = finalPath,
                Slot = slot,
                Folders = present.ToArray(),
                MissingFolders = missing,
                Files = expected.Count,
                Bytes = bytes,
                FileSize = new FileInfo(finalPath).Length,
                Verified = true,
                Duration = watch.Elapsed,
            };
        }
    }
}
