using System;
using System.IO;
using System.Linq;
using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    /// <summary>A row larger than a statement, written in slices, is the same tuple and digest as one written whole.</summary>
    public class SlicedTupleFormatterTests
    {
        /// <summary>Keeps what each full buffer held and hands out a new one, as the dump's worker ships its pieces.</summary>
        private sealed class CollectingSink : ITupleSink
        {
            private readonly int _bufferSize;
            public readonly MemoryStream Shipped = new MemoryStream();
            public int Buffers = 1;
            public byte[] Current;

            public CollectingSink(int bufferSize)
            {
                _bufferSize = bufferSize;
                Current = new byte[bufferSize];
            }

            public void Reserve(int bytes, ref byte[] buffer, ref int at)
            {
                if (buffer.Length - at >= bytes) return;
                Shipped.Write(buffer, 0, at);
                buffer = Current = new byte[Math.Max(_bufferSize, bytes)];
                at = 0;
                Buffers++;
            }
        }

        private static byte[] EveryByte(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            for (var i = 0; i < length && i < 256; i++) bytes[i] = (byte)i;
            return bytes;
        }

        [Theory]
        [InlineData(16, 64)]
        [InlineData(17, 100)]
        [InlineData(1000, 2100)]
        [InlineData(32768, 70000)]
        public void Slices_give_the_whole_tuple_and_its_digest(int slice, int bufferSize)
        {
            var payload = RowPayloadFormatTests.Payload(System.Text.Encoding.ASCII.GetBytes("42"), null, EveryByte(70000, 1),
                System.Text.Encoding.UTF8.GetBytes("a'b\\c\nd\0e\x1a\rf é"), System.Text.Encoding.ASCII.GetBytes("2026-12-03 13:00:00"),
                EveryByte(5000, 2), new byte[0], new byte[0], EveryByte(300, 3), System.Text.Encoding.ASCII.GetBytes("-0.5"));
            var kinds = new[]
            {
                DumpValueKind.Plain, DumpValueKind.Quoted | DumpValueKind.MaybeNull, DumpValueKind.BinaryQuoted, DumpValueKind.Quoted,
                DumpValueKind.QuotedAsIs, DumpValueKind.Hex, DumpValueKind.Hex, DumpValueKind.BinaryQuoted, DumpValueKind.Quoted,
                DumpValueKind.Plain,
            };
            var whole = new byte[16];
            var wholeEnd = RowTupleReader.FormatRow(payload, kinds, ref whole, 0);

            var sink = new CollectingSink(bufferSize);
            const int Prefix = 5; // what the piece held before the row: not part of the tuple
            var hash = SlicedTupleFormatter.Format(payload, kinds, sink, sink.Current, Prefix, slice, out var end);
            sink.Shipped.Write(sink.Current, 0, end);

            Assert.True(sink.Buffers > 1, "a row larger than the buffer is handed on in several buffers");
            Assert.Equal(whole.Take(wholeEnd).ToArray(), sink.Shipped.ToArray().Skip(Prefix).ToArray());
            Assert.Equal(TableDigest.HashRow(whole, 0, wholeEnd), hash);
        }
    }
}
