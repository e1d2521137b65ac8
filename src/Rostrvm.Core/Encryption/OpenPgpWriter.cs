using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Encryption
{
    /// <summary>
    /// Writes a finished file as an OpenPGP message (RFC 4880: public-key encrypted session key,
    /// AES-256 with integrity protection, one binary literal packet in partial lengths), streamed
    /// through fixed buffers, so memory stays flat however large the file. No compression packet:
    /// `gpg --decrypt` gives back exactly the bytes that went in.
    /// </summary>
    public static class OpenPgpWriter
    {
        public const string Extension = ".gpg";

        private const int BufferSize = 1 << 16;

        /// <summary>
        /// Encrypts <paramref name="plainPath"/> into <paramref name="finalPath"/> (temporary name, then
        /// renamed) and returns the SHA-256 of the plain bytes that were encrypted.
        /// </summary>
        public static string EncryptFile(string plainPath, string finalPath, OpenPgpRecipient recipient, CancellationToken token)
        {
            using (var target = AtomicFile.Create(finalPath, ownerOnly: true))
            {
                string sha;
                using (var input = new FileStream(plainPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize,
                    FileOptions.SequentialScan))
                    sha = Encrypt(input, target.Stream, Path.GetFileName(finalPath.Substring(0, finalPath.Length - Extension.Length)),
                        recipient, token);
                target.Commit();
                return sha;
            }
        }

        /// <summary>Encrypts a stream into another; returns the SHA-256 (hex) of the plain bytes.</summary>
        public static string Encrypt(Stream plain, Stream output, string literalName, OpenPgpRecipient recipient, CancellationToken token)
        {
            var generator = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, true, new SecureRandom());
            generator.AddMethod(recipient.Key);
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                using (var encrypted = generator.Open(new NonClosing(output), new byte[BufferSize]))
                {
                    var literal = new PgpLiteralDataGenerator();
                    using (var body = literal.Open(encrypted, PgpLiteralData.Binary, literalName, DateTime.UtcNow, new byte[BufferSize]))
                    {
                        var buffer = new byte[BufferSize];
                        int n;
                        while ((n = plain.Read(buffer, 0, buffer.Length)) > 0)
                        {
                            token.ThrowIfCancellationRequested();
                            sha.AppendData(buffer, 0, n);
                            body.Write(buffer, 0, n);
                        }
                    }
                }
                return Backup.BackupCatalog.ToHex(sha.GetHashAndReset());
            }
        }

        public static bool IsEncrypted(string path) =>
            StripTemporary(path).EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

        /// <summary>The name without .gpg (rostrvm_920_1.rbk.gz.gpg -> rostrvm_920_1.rbk.gz).</summary>
        public static string PlainName(string path)
        {
            path = StripTemporary(path);
            return path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) ? path.Substring(0, path.Length - Extension.Length) : path;
        }

        private static string StripTemporary(string path)
        {
            if (!path.EndsWith(AtomicFile.TemporarySuffix, StringComparison.OrdinalIgnoreCase)) return path;
            path = path.Substring(0, path.Length - AtomicFile.TemporarySuffix.Length);
            var dot = path.LastIndexOf('.');
            return dot > 0 ? path.Substring(0, dot) : path;
        }

        /// <summary>The generators close what they write to; the atomic file must stay open for its commit.</summary>
        private sealed class NonClosing : Stream
        {
            private readonly Stream _inner;
            public NonClosing(Stream inner) { _inner = inner; }
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => _inner.Length;
            public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }
            public override void Flush() => _inner.Flush();
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            protected override void Dispose(bool disposing) => _inner.Flush();
        }
    }
}
