using System;
using System.IO;
using System.IO.Compression;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// MariaDB's log_bin_compress: the query text or the rows data is stored as one header byte
    /// (0x80 | number of length bytes), the uncompressed length big-endian, then a zlib stream.
    /// https://mariadb.com/kb/en/compressing-events-to-reduce-size-of-the-binary-log/
    /// </summary>
    internal static class MariaDbCompression
    {
        public static byte[] Decompress(ReadOnlySpan<byte> data)
        {
            if (data.Length < 1) throw new EventDecodeException("compressed event body is empty");
            var lengthBytes = data[0] & 0x07;
            if ((data[0] & 0x80) == 0 || lengthBytes == 0 || lengthBytes > 4 || data.Length < 1 + lengthBytes)
                throw new EventDecodeException($"invalid compressed event header 0x{data[0]:X2}");
            long length = 0;
            for (var i = 0; i < lengthBytes; i++) length = (length << 8) | data[1 + i];
            if (length > int.MaxValue) throw new EventDecodeException($"compressed event claims {length} bytes");
            var output = new byte[length];
            var compressed = data.Slice(1 + lengthBytes);
            if (length == 0) return output;
            // zlib = 2 header bytes, deflate data, 4-byte Adler-32: DeflateStream reads the middle.
            if (compressed.Length < 6) throw new EventDecodeException("compressed event body too short");
            using (var input = new MemoryStream(compressed.Slice(2).ToArray()))
            using (var inflater = new DeflateStream(input, CompressionMode.Decompress))
            {
                var read = 0;
                while (read < output.Length)
                {
                    var n = inflater.Read(output, read, output.Length - read);
                    if (n <= 0) break;
                    read += n;
                }
                if (read != output.Length)
                    throw new EventDecodeException($"compressed event expanded to {read} bytes, header says {length}");
            }
            return output;
        }
    }
}
