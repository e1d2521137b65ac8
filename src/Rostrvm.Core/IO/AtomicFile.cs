using System;
using System.IO;

namespace Rostrvm.Core.IO
{
    /// <summary>
    /// The one way the module writes a file: under a temporary name beside the target, flushed to
    /// disk, checked by the caller, then renamed into place. A crash leaves the old state or the
    /// new state, never a half file under a final name (docs/ARCHITECTURE.md, file formats).
    /// </summary>
    public sealed class AtomicFile : IDisposable
    {
        public const string TemporarySuffix = ".rostrvm-partial";

        private FileStream? _stream;
        private bool _committed;

        private AtomicFile(string finalPath, bool ownerOnly)
        {
            FinalPath = Path.GetFullPath(finalPath);
            TemporaryPath = FinalPath + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + TemporarySuffix;
            _stream = new FileStream(TemporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
            if (ownerOnly) FilePermissions.RestrictToOwner(TemporaryPath);
        }

        public string FinalPath { get; }
        public string TemporaryPath { get; }
        public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(AtomicFile));

        /// <summary>Starts a new file; data files are owner-only by default (docs/ARCHITECTURE.md, safety rule 7).</summary>
        public static AtomicFile Create(string finalPath, bool ownerOnly = true) => new AtomicFile(finalPath, ownerOnly);

        /// <summary>Flushes to disk and closes the temporary file, leaving it for verification.</summary>
        public void Flush()
        {
            if (_stream == null) return;
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            _stream = null;
        }

        /// <summary>Renames the verified temporary file over the final name.</summary>
        public void Commit()
        {
            Flush();
            ReplaceFile(TemporaryPath, FinalPath);
            _committed = true;
        }

        /// <summary>Moves source over destination, replacing it in one rename where the OS allows.</summary>
        public static void ReplaceFile(string source, string destination)
        {
            if (File.Exists(destination))
            {
                // File.Replace is atomic on both Windows and Unix and keeps no backup here.
                File.Replace(source, destination, null, ignoreMetadataErrors: true);
            }
            else
            {
                File.Move(source, destination);
            }
        }

        /// <summary>Removes temporary files an interrupted run left beside its targets.</summary>
        public static int RemoveLeftovers(string directory)
        {
            if (!Directory.Exists(directory)) return 0;
            var removed = 0;
            foreach (var file in Directory.EnumerateFiles(directory, "*" + TemporarySuffix))
            {
                try { File.Delete(file); removed++; } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            return removed;
        }

        public void Dispose()
        {
            if (_committed) return;
            // On a full disk the final flush of buffered bytes throws; the file must go anyway.
            try { _stream?.Dispose(); } catch (IOException) { }
            _stream = null;
            try { if (File.Exists(TemporaryPath)) File.Delete(TemporaryPath); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
