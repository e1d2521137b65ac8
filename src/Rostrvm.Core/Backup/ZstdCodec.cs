using System;
using System.IO;
using System.Text;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// .rbk.zst: zstd frames (RFC 8878), which <c>zstd -dc</c> reads one after the other as one stream. Data frames
    /// are level 3 (the zstd tool's default) with a content checksum, as <c>zstd</c> writes them,
    /// by the system's libzstd where there is one (<see cref="NativeZstd"/>), else by the managed port.
    /// </summary>
    internal sealed class ZstdCodec : BackupCodec
    {
        private const int Level = 3;
        private const int MaxRawBlock = 128 * 1024;
        private static readonly byte[] s_magic = { 0x28, 0xb5, 0x2f, 0xfd };

        // A compression context is large (about 1 MB at level 3): one per thread, reused piece after piece.
        [ThreadStatic] private static Compressor? t_compressor;

        public override BackupCompression Compression => BackupCompression.Zstd;

        public override string Extension => BackupCycle.ZstdExtension;

        /// <summary>
        /// A single-segment frame of raw blocks: magic, descriptor (4-byte content size, no checksum), the size,
        /// then blocks of at most 128 KB, each a 3-byte header and the bytes as they are.
        /// </summary>
        public override byte[] Stored(byte[] data, int length)
        {
            var blocks = Math.Max(1, (length + MaxRawBlock - 1) / MaxRawBlock);
            var output = new byte[s_magic.Length + 1 + 4 + blocks * 3 + length];
            Buffer.BlockCopy(s_magic, 0, output, 0, s_magic.Length);
            var at = s_magic.Length;
            output[at++] = 0xa0; // Frame_Content_Size_flag 2 (4 bytes), Single_Segment_flag
            output[at++] = (byte)length; output[at++] = (byte)(length >> 8); output[at++] = (byte)(length >> 16);
            output[at++] = (byte)(length >> 24);
            var offset = 0;
            for (var block = 0; block < blocks; block++)
            {
                var size = Math.Min(MaxRawBlock, length - offset);
                var header = (size << 3) | (block == blocks - 1 ? 1 : 0); // Block_Type 0 (raw), Last_Block
                output[at++] = (byte)header; output[at++] = (byte)(header >> 8); output[at++] = (byte)(header >> 16);
                Buffer.BlockCopy(data, offset, output, at, size);
                at += size; offset += size;
            }
            return output;
        }

        public override void CompressInto(byte[] data, int length, MemoryStream target)
        {
            if (NativeZstd.Available)
            {
                target.SetLength(NativeZstd.Bound(length));
                var size = NativeZstd.Compress(data, length, target.GetBuffer(), Level);
                target.SetLength(size);
                target.Position = size;
                return;
            }
            var compressor = t_compressor;
            if (compressor == null)
            {
                compressor = new Compressor(Level);
                compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
                t_compressor = compressor;
            }
            var bound = Compressor.GetCompressBound(length);
            target.SetLength(bound);
            var written = compressor.Wrap(data, 0, length, target.GetBuffer(), 0, bound);
            target.SetLength(written);
            target.Position = written;
        }

        public override Stream OpenRead(Stream compressed) =>
            new DamageAsInvalidData(new DecompressionStream(compressed, 1 << 17, true, false));

        public override string? ReadLastMember(FileStream file, int maxTail)
        {
            var tailLength = (int)Math.Min(file.Length, maxTail);
            if (tailLength < 8) return null;
            var tail = new byte[tailLength];
            file.Seek(file.Length - tailLength, SeekOrigin.Begin);
            GzipMembers.ReadExactly(file, tail, tailLength);
            using (var decompressor = new Decompressor())
            {
                for (var i = tailLength - 8; i >= 0; i--)
                {
                    if (!new ReadOnlySpan<byte>(tail, i, s_magic.Length).SequenceEqual(s_magic)) continue;
                    try
                    {
                        var value = Encoding.UTF8.GetString(decompressor.Unwrap(new ReadOnlySpan<byte>(tail, i, tailLength - i), maxTail)
                            .ToArray());
                        // Only a frame that ends exactly at the end of the file is the last one.
                        if (value.Length > 0 && value.IndexOf('\n') == value.Length - 1) return value;
                    }
                    catch (ZstdException) { }
                }
            }
            return null;
        }
    
        /// <summary>A damaged frame fails as gzip's reader fails (InvalidDataException), which every reader of backups handles.</summary>
        private sealed class DamageAsInvalidData : Stream
        {
            private readonly Stream _inner;

            public DamageAsInvalidData(Stream inner) => _inner = inner;

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                try { return _inner.Read(buffer, offset, count); }
                catch (ZstdException ex) { throw new InvalidDataException("The zstd data is damaged: " + ex.Message, ex); }
                catch (EndOfStreamException ex) { throw new InvalidDataException("The zstd data ends inside a frame.", ex); }
            }

            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing) _inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
