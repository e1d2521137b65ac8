using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.IO.Hashing;

namespace Rostrvm.Core.Recordings
{
    /// <summary>CRC-32 (what the zip format checks) and SHA-256 (byte identity) of a body, computed while it streams.</summary>
    internal sealed class BodyHash : IDisposable
    {
        private readonly Crc32 _crc = new Crc32();
        private readonly IncrementalHash? _sha;

        /// <param name="withSha256">False for the CRC-32 alone (a read-back check); then <see cref="FinishSha256"/> may not be
        /// called.</param>
        public BodyHash(bool withSha256 = true)
        {
            if (withSha256) _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }

        public long Length { get; private set; }

        public void Append(byte[] buffer, int offset, int count)
        {
            _crc.Append(new ReadOnlySpan<byte>(buffer, offset, count));
            _sha?.AppendData(buffer, offset, count);
            Length += count;
        }

        public uint Crc32 => _crc.GetCurrentHashAsUInt32();

        public string FinishSha256()
        {
            var digest = (_sha ?? throw new InvalidOperationException("This hash was started without SHA-256.")).GetHashAndReset();
            var text = new StringBuilder(digest.Length * 2);
            foreach (var b in digest) text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return text.ToString();
        }

        /// <summary>Reads a stream to its end through a fixed buffer, hashing it and optionally copying it.</summary>
        public static BodyHash Copy(Stream source, Stream? destination, byte[] buffer, System.Threading.CancellationToken token,
            bool withSha256 = true)
        {
            var hash = new BodyHash(withSha256);
            int read;
            while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                token.ThrowIfCancellationRequested();
                hash.Append(buffer, 0, read);
                destination?.Write(buffer, 0, read);
            }
            return hash;
        }

        public void Dispose() => _sha?.Dispose();
    }
}
