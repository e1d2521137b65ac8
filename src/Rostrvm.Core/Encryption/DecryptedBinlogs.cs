using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Rostrvm.Core.IO;
using Rostrvm.Core.Restore;

namespace Rostrvm.Core.Encryption
{
    /// <summary>
    /// Encrypted binlog copies (rtmbinlog.000012.gpg) as the restore planner and the replayer read
    /// them: decrypted into one private, owner-only folder for the length of one command (the binlog
    /// reader seeks, which an OpenPGP stream cannot), and deleted when the command ends.
    /// </summary>
    public sealed class DecryptedBinlogs : IDisposable
    {
        private DecryptedBinlogs(string? folder) { Folder = folder; }

        /// <summary>The folder of decrypted copies, to add to the binlog folders; null when nothing was encrypted.</summary>
        public string? Folder { get; }

        /// <summary>Decrypts every encrypted binlog copy of the folders whose plain file none of them has.</summary>
        public static DecryptedBinlogs From(IReadOnlyList<string> folders, string cacheRoot, DecryptionKey? key, CancellationToken token)
        {
            var existing = folders.Where(Directory.Exists).ToList();
            var plain = new HashSet<string>(existing.SelectMany(Directory.EnumerateFiles).Select(Path.GetFileName), StringComparer.Ordinal);
            var encrypted = existing.SelectMany(f => Directory.EnumerateFiles(f, "*" + OpenPgpWriter.Extension))
                .Where(p => !p.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal))
                .Where(p => BinlogChain.TryParseName(OpenPgpWriter.PlainName(p), out _, out _)
                    && !plain.Contains(Path.GetFileName(OpenPgpWriter.PlainName(p))))
                .GroupBy(p => Path.GetFileName(OpenPgpWriter.PlainName(p)), StringComparer.Ordinal).Select(g => g.First()).ToList();
            if (encrypted.Count == 0 || key == null) return new DecryptedBinlogs(null);
            var folder = Path.Combine(cacheRoot, "decrypted-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            FilePermissions.RestrictFolderToOwner(folder);
            var result = new DecryptedBinlogs(folder);
            try
            {
                foreach (var path in encrypted)
                {
                    token.ThrowIfCancellationRequested();
                    using (var file = AtomicFile.Create(Path.Combine(folder, Path.GetFileName(OpenPgpWriter.PlainName(path))),
                        ownerOnly: true))
                    {
                        // Read to the end, so the integrity packet is checked before the copy is used.
                        using (var input = OpenPgpReader.Open(path, key, "BinlogCopyIncomplete")) input.CopyTo(file.Stream, 1 << 20);
                        file.Commit();
                    }
                }
                return result;
            }
            catch
            {
                result.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            if (Folder == null) return;
            try { Directory.Delete(Folder, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
