using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using Renci.SshNet.Common;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Mirror
{
    /// <summary>
    /// One verified copy to a mirror: written under a temporary name, its size and SHA-256 read back
    /// from the mirror and compared with the local file's, then renamed. A copy cut short never has
    /// the final name; the next copy or Sync-RostrvmMirror removes the partial file.
    /// </summary>
    public static class MirrorCopier
    {
        public static MirrorFile Copy(IMirrorTarget target, string localPath, string relativePath, CancellationToken token)
        {
            var temporary = relativePath + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + AtomicFile.TemporarySuffix;
            try
            {
                string localSha;
                long localLength;
                using (var local = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
                    FileOptions.SequentialScan))
                using (var hashing = new HashingStream(local, token))
                {
                    target.Upload(hashing, temporary);
                    localSha = hashing.Sha256();
                    localLength = hashing.Length;
                }
                string remoteSha;
                long remoteLength;
                using (var back = target.OpenRead(temporary))
                using (var hashing = new HashingStream(back, token))
                {
                    hashing.CopyTo(Stream.Null, 1 << 20);
                    remoteSha = hashing.Sha256();
                    remoteLength = hashing.Length;
                }
                if (remoteLength != localLength || !string.Equals(remoteSha, localSha, StringComparison.Ordinal))
                {
                    TryDelete(target, temporary);
                    throw new RostrvmException("MirrorVerificationFailed", FailureKind.WriteError,
                        $"The copy of '{localPath}' on the mirror '{target.Name}' reads back as {remoteLength} bytes with " +
                            $"SHA-256 {remoteSha}, not {localLength} bytes with {localSha}. It was removed and the local file is " +
                            "unchanged; check the mirror's storage, then run Sync-RostrvmMirror.", target.Name);
                }
                target.Rename(temporary, relativePath);
                return new MirrorFile
                {
                    Mirror = target.Name,
                    RelativePath = relativePath,
                    Name = Path.GetFileName(localPath),
                    Size = localLength,
                    LastWriteTimeUtc = DateTime.UtcNow,
                    Action = "Copied",
                };
            }
            catch (Exception ex) when (IsTransport(ex))
            {
                TryDelete(target, temporary);
                throw MirrorDestination.Unavailable(target.Name, ex);
            }
        }

        /// <summary>Failures of the mirror itself (gone, full, refused), as opposed to bugs.</summary>
        internal static bool IsTransport(Exception ex) =>
            ex is SshException || ex is IOException || ex is System.Net.Sockets.SocketException || ex is TimeoutException
            || ex is UnauthorizedAccessException || ex is ObjectDisposedException || ex is InvalidOperationException;

        private static void TryDelete(IMirrorTarget target, string relativePath)
        {
            try { target.Delete(relativePath); }
            catch (Exception ex) when (IsTransport(ex)) { }
        }

        /// <summary>Hashes what passes through, so the file is read once for the upload and its checksum.</summary>
        private sealed class HashingStream : Stream
        {
            private readonly Stream _inner;
            private readonly CancellationToken _token;
            private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            private long _length;

            public HashingStream(Stream inner, CancellationToken token)
            {
                _inner = inner;
                _token = token;
            }

            public string Sha256() => Backup.BackupCatalog.ToHex(_sha.GetHashAndReset());

            public override int Read(byte[] buffer, int offset, int count)
            {
                _token.ThrowIfCancellationRequested();
                var n = _inner.Read(buffer, offset, count);
                _sha.AppendData(buffer, offset, n);
                _length += n;
                return n;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => _length;
            public override long Position { get => _length; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing) _sha.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
