using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Connection;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    /// <summary>The dump's tuples made straight from text-protocol row payloads.</summary>
    public class RowPayloadFormatTests
    {
        private const DumpValueKind Nullable = DumpValueKind.MaybeNull;

        /// <summary>A text-protocol row: each value length-encoded, null as 0xFB.</summary>
        internal static byte[] Payload(params byte[]?[] values)
        {
            var row = new List<byte>();
            foreach (var value in values)
            {
                if (value == null) { row.Add(0xFB); continue; }
                var n = value.Length;
                if (n < 0xFB) row.Add((byte)n);
                else if (n < 1 << 16) row.AddRange(new byte[] { 0xFC, (byte)n, (byte)(n >> 8) });
                else if (n < 1 << 24) row.AddRange(new byte[] { 0xFD, (byte)n, (byte)(n >> 8), (byte)(n >> 16) });
                else row.AddRange(new byte[] { 0xFE }.Concat(BitConverter.GetBytes((ulong)n)));
                row.AddRange(value);
            }
            return row.ToArray();
        }

        private static byte[] Text(string value) => Encoding.UTF8.GetBytes(value);

        private static string Format(byte[] payload, params DumpValueKind[] kinds)
        {
            var buffer = new byte[4];
            var end = RowTupleReader.FormatRow(payload, kinds, ref buffer, 1);
            return Encoding.UTF8.GetString(buffer, 1, end - 1);
        }

        [Fact]
        public void Every_kind_of_value_is_written_as_the_dump_writes_it()
        {
            var payload = Payload(Text("42"), null, Text("a'b\\c\nd\0e\x1a\rf é"), Text("2026-11-26 12:00:00.000"),
                new byte[] { 0x00, 0xAB, 0x10 }, new byte[0], Text(""), Text("-0.5"));
            var tuple = Format(payload,
                DumpValueKind.Plain, DumpValueKind.Quoted | Nullable, DumpValueKind.Quoted, DumpValueKind.QuotedAsIs,
                DumpValueKind.Hex, DumpValueKind.Hex, DumpValueKind.Quoted, DumpValueKind.Plain | Nullable);
            Assert.Equal("(42,NULL,'a\\'b\\\\c\\nd\\0e\\Z\\rf é','2026-11-26 12:00:00.000',0x00AB10,'','',-0.5)", tuple);
        }

        [Theory]
        [InlineData(250)]
        [InlineData(251)]
        [InlineData(65535)]
        [InlineData(65536)]
        [InlineData(70000)]
        public void Long_values_take_every_length_form(int size)
        {
            var blob = new byte[size];
            new Random(size).NextBytes(blob);
            var text = new string('x', size - 1) + "'";
            var tuple = Format(Payload(blob, Text(text)), DumpValueKind.Hex, DumpValueKind.Quoted);
            Assert.Equal("(0x" + BitConverter.ToString(blob).Replace("-", string.Empty) + ",'" + new string('x', size - 1) + "\\'')",
                tuple);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(250)]
        [InlineData(251)]
        [InlineData(65535)]
        [InlineData(65536)]
        [InlineData(16777215)]
        [InlineData(16777216)]
        public void The_public_path_counts_each_length_prefix_as_the_wire_has_it(int size)
        {
            // The large-row decision must be the same from the wire payload and from the public API.
            Assert.Equal(Payload(new byte[size]).Length, size + RowTupleReader.LengthPrefixBytes(size));
        }

        [Fact]
        public void A_row_with_all_values_escaped_or_null_fits_the_room_reserved_once()
        {
            var nasty = Enumerable.Repeat((byte)'\'', 1000).ToArray();
            var tuple = Format(Payload(nasty, null, null, new byte[] { 0xFF }), DumpValueKind.Quoted, DumpValueKind.Hex | Nullable,
                DumpValueKind.Plain | Nullable, DumpValueKind.Hex);
            Assert.Equal("('" + string.Concat(Enumerable.Repeat("\\'", 1000)) + "',NULL,NULL,0xFF)", tuple);
        }

        [Theory]
        [InlineData(new byte[] { 2, (byte)'4' }, "a value runs past the end")]
        [InlineData(new byte[] { 1, (byte)'4', 1, (byte)'2' }, "more values than columns")]
        [InlineData(new byte[] { 0xFF }, "0xFF is no length")]
        [InlineData(new byte[] { 0xFC, 1 }, "a truncated length")]
        public void A_payload_that_is_not_one_text_row_of_the_columns_is_refused(byte[] payload, string why)
        {
            var buffer = new byte[16];
            var error = Assert.Throws<InvalidOperationException>(() =>
                RowTupleReader.FormatRow(payload, new[] { DumpValueKind.Plain }, ref buffer, 0));
            Assert.True(error.Message.Contains("text-protocol row"), why);
        }

        [Fact]
        public void The_shipped_connector_exposes_the_row_payload()
        {
            // Fails when a MySqlConnector upgrade renames its internals: the dump would then
            // silently fall back to the slower CAST AS BINARY path.
            Assert.True(ConnectorRowPayload.Available);
        }
    }
}
