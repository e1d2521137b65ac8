using System;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// A compressed backup is a series of gzip members (RFC 1952 section 2.2): `gunzip -c`
    /// reads them as one stream. The header is its own member of stored (uncompressed) blocks so
    /// it can be rewritten in place at the same size; each data piece is a member compressed by
    /// the worker that produced it (parallel compression); the completion line is the last small
    /// member, so the catalogue finds it by looking at the file's tail only.
    /// </summary>
    public static class GzipMembers
    {
        private static readonly byte[] s_header = { 0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff };

        /// <summary>A member holding <paramref name="data"/> uncompressed (size depends only on the length).</summary>
        public static byte[] Stored(byte[] data, int length)
        {
            var blocks = Math.Max(1, (length + 65534) / 65535);
            var output = new byte[s_header.Length + blocks * 5 + length + 8];
            Buffer.BlockCopy(s_header, 0, output, 0, s_header.Length);
            var at = s_header.Length;
            var offset = 0;
            for (var block = 0; block < blocks; block++)
            {
                var size = Math.Min(65535, length - offset);
                output[at++] = (byte)(block == blocks - 1 ? 1 : 0); // BFINAL, BTYPE=00 (stored)
                output[at++] = (byte)size; output[at++] = (byte)(size >> 8);
                output[at++] = (byte)~size; output[at++] = (byte)(~size >> 8);
                Buffer.BlockCopy(data, offset, output, at, size);
                at += size; offset += size;
            }
            WriteTrailer(output, at, data, length);
            return output;
        }

        /// <summary>
        /// zlib level of the data members. zlib-ng (PowerShell 7's deflate) at level 5 writes SQL
        /// no larger than gzip -6 does, with a quarter less CPU than its level 6; where the
        /// runtime cannot choose a level, Optimal (6).
        /// </summary>
        public const int Level = 5;

        /// <summary>A compressed member (see <see cref="Level"/>).</summary>
        public static byte[] Compress(byte[] data, int length)
        {
            using (var buffer = new MemoryStream(length / 3 + 64))
            {
                CompressInto(data, length, buffer);
                return buffer.ToArray();
            }
        }

        /// <summary>The same into a reused stream (emptied first), so that no buffer is made per piece.</summary>
        public static void CompressInto(byte[] data, int length, MemoryStream target)
        {
            target.SetLength(0);
            using (var gzip = GzipLevelStream.Create(target, Level))
                gzip.Write(data, 0, length);
        }

        private static void WriteTrailer(byte[] output, int at, byte[] data, int length)
        {
            var crc = Crc32.HashToUInt32(new ReadOnlySpan<byte>(data, 0, length));
            output[at] = (byte)crc; output[at + 1] = (byte)(crc >> 8);
            output[at + 2] = (byte)(crc >> 16); output[at + 3] = (byte)(crc >> 24);
            output[at + 4] = (byte)length; output[at + 5] = (byte)(length >> 8);
            output[at + 6] = (byte)(length >> 16); output[at + 7] = (byte)(length >> 24);
        }

        /// <summary>
        /// Reads all members as one stream. .NET Framework's GZipStream stops after the first
        /// member, so there SharpZipLib's reader (which continues) is used.
        /// </summary>
        public static Stream OpenRead(Stream compressed)
        {
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
                return new ICSharpCode.SharpZipLib.GZip.GZipInputStream(compressed) { IsStreamOwner = true };
            return new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: false);
        }

        /// <summary>The text of the last member of a gzip file, or null when none decodes.</summary>
        public static string? ReadLastMember(FileStream file, int maxTail = 64 * 1024)
        {
            var tailLength = (int)Math.Min(file.Length, maxTail);
            if (tailLength < 18) return null;
            var tail = new byte[tailLength];
            file.Seek(file.Length - tailLength, SeekOrigin.Begin);
            ReadExactly(file, tail, tailLength);
            for (var i = tailLength - 18; i >= 0; i--)
            {
                if (tail[i] != 0x1f || tail[i + 1] != 0x8b || tail[i + 2] != 0x08) continue;
                try
                {
                    using (var member = new GZipStream(new MemoryStream(tail, i, tailLength - i), CompressionMode.Decompress))
                    using (var text = new StreamReader(member, Encoding.UTF8))
                    {
                        var value = text.ReadToEnd();
                        // Only a member that ends exactly at the end of the file is the last one.
                        if (value.Length > 0 && value.IndexOf('\n') == value.Length - 1) return value;
                    }
                }
                catch (InvalidDataException) { }
                catch (IOException) { }
            }
            return null;
        }

        internal static void ReadExactly(Stream stream, byte[] buffer, int count)
        {
            var read = 0;
            while (read < count)
            {
                var n = stream.Read(buffer, read, count - read);
                if (n == 0) throw new EndOfStreamException();
                read += n;
            }
        }
    }
}
