using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    /// <summary>Binary values in .rbk format 2: escaped _binary literals, and how the loader sends them.</summary>
    public class BinaryLiteralTests
    {
        private static readonly byte[] s_everyByte = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();

        private static byte[] Payload(params byte[]?[] values)
        {
            var row = new List<byte>();
            foreach (var value in values)
            {
                if (value == null) { row.Add(0xFB); continue; }
                if (value.Length < 0xFB) row.Add((byte)value.Length);
                else if (value.Length < 1 << 16) row.AddRange(new byte[] { 0xFC, (byte)value.Length, (byte)(value.Length >> 8) });
                else row.AddRange(new byte[] { 0xFD, (byte)value.Length, (byte)(value.Length >> 8), (byte)(value.Length >> 16) });
                row.AddRange(value);
            }
            return row.ToArray();
        }

        private static byte[] Tuple(byte[] payload, params DumpValueKind[] kinds)
        {
            var buffer = new byte[4];
            var end = RowTupleReader.FormatRow(payload, kinds, ref buffer, 0);
            return buffer.Take(end).ToArray();
        }

        /// <summary>The bytes a MySQL string literal stands for: the server's backslash escapes and doubled quotes.</summary>
        private static byte[] ServerReads(byte[] literal)
        {
            var value = new List<byte>();
            for (var i = 0; i < literal.Length; i++)
            {
                if (literal[i] != '\\') { value.Add(literal[i]); continue; }
                var next = literal[++i];
                value.Add(next == '0' ? (byte)0 : next == 'n' ? (byte)'\n' : next == 'r' ? (byte)'\r' : next == 'Z' ? (byte)0x1a : next);
            }
            return value.ToArray();
        }

        [Fact]
        public void Every_byte_value_is_written_as_an_escaped_binary_literal_the_server_reads_back_exactly()
        {
            var tuple = Tuple(Payload(s_everyByte, new byte[0], null),
                DumpValueKind.BinaryQuoted, DumpValueKind.BinaryQuoted, DumpValueKind.BinaryQuoted | DumpValueKind.MaybeNull);
            var text = Encoding.ASCII.GetString(tuple, 0, 9);
            Assert.Equal("(_binary'", text);
            var close = tuple.Length - ",_binary'',NULL)".Length - 1;
            Assert.Equal(",_binary'',NULL)", Encoding.ASCII.GetString(tuple, close + 1, tuple.Length - close - 1));
            var literal = tuple.Skip(9).Take(close - 9).ToArray();
            Assert.Equal(s_everyByte, ServerReads(literal));
            // Only the bytes mysqldump escapes are escaped; every other byte is written as it is.
            Assert.Equal(256 + 6, literal.Length);
            Assert.DoesNotContain((byte)0, literal);
            Assert.DoesNotContain((byte)'\r', literal);
        }

        [Theory]
        [InlineData(1, 47)]
        [InlineData(2, 48)]
        [InlineData(3, 5000)]
        [InlineData(4, 70000)]
        public void Values_of_any_length_and_mix_of_escapes_read_back_as_the_same_bytes(int seed, int length)
        {
            // Bytes drawn mostly from those that need escapes, so the two searches of long values interleave.
            var random = new Random(seed);
            var pool = new byte[] { 0, (byte)'\n', (byte)'\r', 0x1a, (byte)'\'', (byte)'\\', (byte)'a', 0xFF, 0x80 };
            var value = Enumerable.Range(0, length)
                .Select(_ => random.Next(3) == 0 ? (byte)random.Next(256) : pool[random.Next(pool.Length)])
                .ToArray();
            var tuple = Tuple(Payload(value), DumpValueKind.BinaryQuoted);
            var literal = tuple.Skip(9).Take(tuple.Length - 9 - 2).ToArray();
            Assert.Equal(value, ServerReads(literal));
            Assert.Equal(value.Length + value.Count(b => b == 0 || b == '\n' || b == '\r' || b == 0x1a || b == '\'' || b == '\\'),
                literal.Length);
        }

        [Fact]
        public void Format_1_kinds_keep_hex_and_format_2_kinds_use_binary_literals()
        {
            var table = new DumpTable
            {
                Name = "t", Columns = { new DumpColumn { Name = "b", DataType = "blob", Kind = DumpColumnKind.Binary } },
            };
            Assert.Equal(DumpValueKind.Hex | DumpValueKind.MaybeNull, table.ValueKinds(1)[0]);
            Assert.Equal(DumpValueKind.BinaryQuoted | DumpValueKind.MaybeNull, table.ValueKinds(2)[0]);
            Assert.Equal(table.ValueKinds(BackupHeader.CurrentFormatVersion), table.ValueKinds());
        }

        [Fact]
        public void A_row_never_takes_more_than_its_bound()
        {
            var values = new[] { s_everyByte.Concat(Enumerable.Repeat((byte)'\'', 300)).ToArray(), new byte[0], new byte[] { 0 } };
            var payload = Payload(values);
            var tuple = Tuple(payload, DumpValueKind.BinaryQuoted, DumpValueKind.BinaryQuoted, DumpValueKind.BinaryQuoted);
            Assert.True(tuple.Length <= RowTupleReader.MostBytes(payload.Length, values.Length));
        }

        [Fact]
        public void The_loader_sends_a_literal_of_invalid_UTF8_as_hex_and_leaves_everything_else_as_written()
        {
            var row = Tuple(Payload(s_everyByte, Encoding.UTF8.GetBytes("héllo 'x'"), Encoding.UTF8.GetBytes("_binary'\u00ff'")),
                DumpValueKind.BinaryQuoted, DumpValueKind.BinaryQuoted, DumpValueKind.Quoted);
            var statement = Encoding.ASCII.GetBytes("INSERT INTO `_binary` VALUES ").Concat(row).ToArray();
            var hex = "0x" + string.Concat(s_everyByte.Select(b => b.ToString("X2")));
            var expected = "INSERT INTO `_binary` VALUES (" + hex + ",_binary'héllo \\'x\\'','_binary\\'ÿ\\'')";
            Assert.Equal(expected, StatementText.Decode(statement, statement.Length));
        }

        [Fact]
        public void Statements_decoded_one_after_another_share_nothing_of_each_other()
        {
            // The buffers are reused from statement to statement, and one of over 4 MB is not kept.
            var large = Encoding.ASCII.GetBytes("INSERT INTO t VALUES (_binary'").Concat(Enumerable.Repeat((byte)0xff, 3 << 20))
                .Concat(Encoding.ASCII.GetBytes("')")).ToArray();
            var small = Encoding.ASCII.GetBytes("INSERT INTO t VALUES (_binary'").Concat(new byte[] { 0xfe, 0x41 })
                .Concat(Encoding.ASCII.GetBytes("',_binary'ok')")).ToArray();
            for (var round = 0; round < 2; round++)
            {
                Assert.Equal("INSERT INTO t VALUES (0x" + string.Concat(Enumerable.Repeat("FF", 3 << 20)) + ")",
                    StatementText.Decode(large, large.Length));
                Assert.Equal("INSERT INTO t VALUES (0xFE41,_binary'ok')", StatementText.Decode(small, small.Length));
            }
        }

        [Fact]
        public void Invalid_UTF8_outside_binary_literals_is_replaced_as_a_client_would()
        {
            var statement = Encoding.ASCII.GetBytes("INSERT INTO t VALUES ('").Concat(new byte[] { 0xff })
                .Concat(Encoding.ASCII.GetBytes("',_binary'")).Concat(new byte[] { 0xfe }).Concat(Encoding.ASCII.GetBytes("')")).ToArray();
            Assert.Equal("INSERT INTO t VALUES ('\uFFFD',_binary'\uFFFD')", StatementText.Decode(statement, statement.Length));
        }

        [Fact]
        public void A_statement_of_valid_UTF8_is_decoded_unchanged()
        {
            var statement = Encoding.UTF8.GetBytes("INSERT INTO t VALUES (_binary'Zoë\\0',_binary '')");
            Assert.Equal("INSERT INTO t VALUES (_binary'Zoë\\0',_binary '')", StatementText.Decode(statement, statement.Length));
        }
    }
}
