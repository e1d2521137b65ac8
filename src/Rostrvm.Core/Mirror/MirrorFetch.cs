using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Mirror
{
    /// <summary>
    /// Brings the files of one folder (or one file) of an sftp mirror into a private local cache, so
    /// the restore planner and the restore read them as they read local files: what a restore does
    /// when the server's own copies are gone. Files already cached with the mirror's size are kept.
    /// </summary>
    public static class MirrorFetch
    {
        /// <summary>Downloads the folder (or the file) the URI names; returns the local folder (or file).</summary>
        public static string Fetch(string uri, string cacheRoot, MirrorOptions options, CancellationToken token)
        {
            var safe = MirrorDestination.Safe(uri);
            var cache = Path.Combine(cacheRoot, Hash(safe));
            Directory.CreateDirectory(cache);
            FilePermissions.RestrictFolderToOwner(cache);
            var slash = uri.TrimEnd('/').LastIndexOf('/');
            var name = uri.TrimEnd('/').Substring(slash + 1);
            // A backup or binlog name is one file: its folder is opened and only that file taken.
            var single = Backup.BackupCycle.IsBackupFile(name) || MirrorLayout.IsBinlogCopy(name);
            using (var target = MirrorDestination.Open(single ? uri.Substring(0, slash) : uri, options))
            {
                try
                {
                    var files = target.List(string.Empty);
                    if (single)
                    {
                        var file = files.FirstOrDefault(f => f.Name == name)
                            ?? throw new RostrvmException("MirrorFileNotFound",
                                FailureKind.ObjectNotFound, $"The mirror has no file '{safe}'. Check the name on the mirror.", safe);
                        return Download(target, file, cache, token);
                    }
                    foreach (var file in files.Where(f => !f.Name.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal)))
                        Download(target, file, cache, token);
                    return cache;
                }
                catch (Exception ex) when (MirrorCopier.IsTransport(ex)) { throw MirrorDestination.Unavailable(uri, ex); }
            }
        }

        private static string Download(IMirrorTarget target, MirrorFile file, string cache, CancellationToken token)
        {
            var local = Path.Combine(cache, file.Name);
            if (File.Exists(local) && new FileInfo(local).Length == file.Size) return local;
            using (var atomic = AtomicFile.Create(local, ownerOnly: true))
            {
                using (var remote = target.OpenRead(file.RelativePath)) remote.CopyTo(atomic.Stream, 1 << 20);
                token.ThrowIfCancellationRequested();
                atomic.Flush();
                if (new FileInfo(atomic.TemporaryPath).Length != file.Size)
                    throw new RostrvmException("MirrorVerificationFailed", FailureKind.ReadError,
                        $"'{file.Name}' came from the mirror '{target.Name}' with another size than the mirror lists ({file.Size} " +
                            "bytes). Run the command again.", target.Name);
                atomic.Commit();
            }
            return local;
        }

        private static string Hash(string text)
        {
            using (var sha = SHA256.Create())
                return Backup.BackupCatalog.ToHex(sha.ComputeHash(Encoding.UTF8.GetBytes(text))).Substring(0, 16);
        }
    }
}
