using System;
using System.IO;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Encryption
{
    /// <summary>
    /// Opens an OpenPGP file as the stream of its plain bytes, decrypting as it is read (constant
    /// memory). A key that does not open it is DecryptionFailed; a file that ends early is
    /// <c>truncatedErrorId</c> (BackupIncomplete for backups); the integrity packet is checked at the end.
    /// </summary>
    public static class OpenPgpReader
    {
        public static Stream Open(string path, DecryptionKey? key, string truncatedErrorId = "BackupIncomplete")
        {
            if (key == null)
                throw new RostrvmException("DecryptionKeyRequired", FailureKind.InvalidArgument,
                    $"'{path}' is encrypted (OpenPGP). Give the private key that opens it with -DecryptionKey (key file and passphrase).",
                        path);
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            try
            {
                var factory = new PgpObjectFactory(PgpUtilities.GetDecoderStream(file));
                var first = factory.NextPgpObject();
                if (first is PgpMarker) first = factory.NextPgpObject();
                if (!(first is PgpEncryptedDataList list)) throw NotOpenPgp(path, null);
                foreach (var item in list.GetEncryptedDataObjects())
                {
                    if (!(item is PgpPublicKeyEncryptedData data)) continue;
                    var privateKey = key.Unlock(data.KeyId, path);
                    if (privateKey == null) continue;
                    Stream clear;
                    try { clear = data.GetDataStream(privateKey); }
                    catch (PgpException ex) { throw Failed(path, key, ex); }
                    var inner = new PgpObjectFactory(clear).NextPgpObject();
                    if (inner is PgpCompressedData compressed) inner = new PgpObjectFactory(compressed.GetDataStream()).NextPgpObject();
                    if (!(inner is PgpLiteralData literal)) throw NotOpenPgp(path, null);
                    return new DecryptingStream(file, literal.GetInputStream(), data, path, truncatedErrorId);
                }
                throw Failed(path, key, null);
            }
            catch (RostrvmException) { file.Dispose(); throw; }
            catch (Exception ex) when (ex is IOException || ex is PgpException)
            {
                file.Dispose();
                if (ex is EndOfStreamException) throw Truncated(path, truncatedErrorId, ex);
                throw NotOpenPgp(path, ex);
            }
        }

        private static RostrvmException Failed(string path, DecryptionKey key, Exception? inner) =>
            new RostrvmException("DecryptionFailed", FailureKind.SecurityError,
                $"'{path}' cannot be decrypted with the key in '{key.KeyFile}': it was encrypted for another key. Give -DecryptionKey " +
                    $"the private key of the recipient it was written for.", path, inner);

        private static RostrvmException NotOpenPgp(string path, Exception? inner) =>
            new RostrvmException("DecryptionFailed", FailureKind.InvalidData,
                $"'{path}' is not a readable OpenPGP encrypted file ({inner?.Message ?? "unexpected content"}). It was damaged or not " +
                    $"written by this module; use another copy.", path, inner);

        internal static RostrvmException Truncated(string path, string errorId, Exception inner) =>
            new RostrvmException(errorId, FailureKind.InvalidData,
                $"The encrypted file '{path}' ends before its OpenPGP message does: it was cut short (an interrupted copy or a full " +
                    $"disk). It is never used for a restore; use another copy.", path, inner);

        /// <summary>The plain bytes; at their end, the modification detection code must match.</summary>
        private sealed class DecryptingStream : Stream
        {
            private readonly Stream _file;
            private readonly Stream _plain;
            private readonly PgpPublicKeyEncryptedData _data;
            private readonly string _path;
            private readonly string _truncatedErrorId;
            private bool _checked;
            private long _position;

            public DecryptingStream(Stream file, Stream plain, PgpPublicKeyEncryptedData data, string path, string truncatedErrorId)
            {
                _file = file;
                _plain = plain;
                _data = data;
                _path = path;
                _truncatedErrorId = truncatedErrorId;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => _position; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int n;
                try { n = _plain.Read(buffer, offset, count); }
                catch (EndOfStreamException ex) { throw Truncated(_path, _truncatedErrorId, ex); }
                catch (IOException ex) { throw Truncated(_path, _truncatedErrorId, ex); }
                catch (PgpException ex) { throw Truncated(_path, _truncatedErrorId, ex); }
                _position += n;
                if (n == 0 && count > 0 && !_checked) CheckIntegrity();
                return n;
            }

            private void CheckIntegrity()
            {
                _checked = true;
                bool ok;
                try { ok = !_data.IsIntegrityProtected() || _data.Verify(); }
                catch (Exception ex) when (ex is IOException || ex is PgpException) { throw Truncated(_path, _truncatedErrorId, ex); }
                if (!ok)
                    throw new RostrvmException("DecryptionFailed", FailureKind.InvalidData,
                        $"The encrypted file '{_path}' fails its OpenPGP integrity check: it was changed or damaged after it was " +
                            $"written. Use another copy.", _path);
            }

            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _plain.Dispose();
                    _file.Dispose();
                }
                base.Dispose(disposing);
            }
        }
    }
}
