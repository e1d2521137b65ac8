using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Mis;
using Xunit;

namespace Rostrvm.Tests.Unit.Mis
{
    public sealed class MisCsvTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "rostrvm-mis-unit-" + Guid.NewGuid().ToString("N"));

        public MisCsvTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        private static readonly MisColumn[] s_columns =
        {
            new MisColumn("id", "bigint", 0),
            new MisColumn("start_time", "datetime", 6),
            new MisColumn("day", "date", 0),
            new MisColumn("cost", "decimal", 0),
            new MisColumn("ratio", "double", 0),
            new MisColumn("note", "text", 0),
            new MisColumn("body", "blob", 0),
            new MisColumn("flags", "bit", 0),
            new MisColumn("talk", "time", 3),
            new MisColumn("big", "bigint", 0, unsigned: true),
        };

        /// <summary>Formats a row given as the server's text of each value (null for NULL).</summary>
        private static string Format(params string?[] values)
        {
            var formatter = new MisCsvRowFormatter(s_columns);
            formatter.Format(values.Select(v => v == null ? null : Encoding.UTF8.GetBytes(v)).ToList());
            return Encoding.UTF8.GetString(formatter.Buffer, 0, formatter.Length);
        }

        [Fact]
        public void writes_null_unquoted_and_empty_text_as_two_quotes()
        {
            Assert.Equal("1,NULL,NULL,NULL,NULL,\"\",\"\",NULL,NULL,NULL\r\n",
                Format("1", null, null, null, null, "", "", null, null, null));
        }

        [Fact]
        public void quotes_text_doubling_quotes_and_keeps_backslashes_commas_and_line_breaks()
        {
            var line = Format("7", null, null, null, null, "a \"b\", c\\d\r\nline 2 NULL", null, null, null, null);
            Assert.Equal("7,NULL,NULL,NULL,NULL,\"a \"\"b\"\", c\\d\r\nline 2 NULL\",NULL,NULL,NULL,NULL\r\n", line);
            Assert.Equal("1,NULL,NULL,NULL,NULL,\"NULL\",NULL,NULL,NULL,NULL\r\n",
                Format("1", null, null, null, null, "NULL", null, null, null, null));
        }

        [Fact]
        public void writes_iso_times_with_the_declared_precision_and_invariant_numbers()
        {
            // What the server sends for CAST(... AS BINARY), HEX(blob) and CAST(bit AS UNSIGNED).
            var line = Format("-5", "2026-11-24 07:08:09.123456", "2026-01-02", "12345.6789", "0.30000000000000004", "Zoë 😀",
                "00ABFF", "5", "-25:01:02.456", "18446744073709551615");
            Assert.Equal(
                "-5,2026-11-24T07:08:09.123456,2026-01-02,12345.6789,0.30000000000000004,\"Zoë 😀\",00ABFF,5,-25:01:02.456," +
                    "18446744073709551615\r\n",
                line);
        }

        [Fact]
        public void asks_the_server_for_each_value_as_text_bytes()
        {
            var select = MisCsvRowFormatter.SelectList(s_columns);
            Assert.Contains("CAST(`id` AS BINARY)", select);
            Assert.Contains("CAST(CONVERT(`note` USING utf8mb4) AS BINARY)", select);
            Assert.Contains("HEX(`body`)", select);
            Assert.Contains("CAST(CAST(`flags` AS UNSIGNED) AS BINARY)", select);
        }

        [Fact]
        public void header_quotes_only_names_that_need_it()
        {
            Assert.Equal("id,\"a,b\",\"say \"\"hi\"\"\"\r\n",
                Encoding.UTF8.GetString(MisCsvRowFormatter.Header(new[] { "id", "a,b", "say \"hi\"" })));
        }

        [Fact]
        public void record_reader_returns_each_record_byte_for_byte_with_its_key()
        {
            var formatter = new MisCsvRowFormatter(s_columns);
            var path = Path.Combine(_dir, "t.csv");
            var expected = new List<byte[]>();
            using (var stream = File.Create(path))
            {
                var header = MisCsvRowFormatter.ByteOrderMark.Concat(MisCsvRowFormatter.Header(s_columns.Select(c => c.Name))).ToArray();
                stream.Write(header, 0, header.Length);
                for (long id = 1; id <= 3000; id++)
                {
                    var note = id % 3 == 0 ? "x,\"y\"\r\n," + new string('z', (int)(id % 200)) : "plain";
                    formatter.Format(new[] { Encoding.ASCII.GetBytes((id * 3).ToString()), null, null, null, null,
                        Encoding.UTF8.GetBytes(note), null, null, null, null });
                    expected.Add(formatter.ToArray());
                    stream.Write(formatter.Buffer, 0, formatter.Length);
                }
            }
            using (var reader = new MisCsvRecordReader(path, 0))
            {
                var i = 0;
                while (reader.Next())
                {
                    Assert.Equal((i + 1) * 3L, reader.Key);
                    Assert.True(reader.SameAs(expected[i], expected[i].Length));
                    i++;
                }
                Assert.Equal(3000, i);
            }
        }

        [Fact]
        public void record_reader_finds_a_key_after_quoted_fields()
        {
            var path = Path.Combine(_dir, "k.csv");
            File.WriteAllText(path, "note,id\r\n\"a,\"\"b\"\"\r\n,c\",42\r\n");
            using (var reader = new MisCsvRecordReader(path, 1))
            {
                Assert.True(reader.Next());
                Assert.Equal(42, reader.Key);
                Assert.False(reader.Next());
            }
        }

        [Fact]
        public void record_reader_rejects_a_truncated_file()
        {
            var path = Path.Combine(_dir, "cut.csv");
            File.WriteAllText(path, "id,note\r\n1,\"unfinished\r\n");
            using (var reader = new MisCsvRecordReader(path, 0))
            {
                var ex = Assert.Throws<RostrvmException>(() => reader.Next());
                Assert.Equal("MisExtractInvalid", ex.ErrorId);
            }
        }

        [Fact]
        public void load_statement_unhexes_binary_and_casts_bit()
        {
            var sql = MisCsvRowFormatter.LoadDataStatement("/x/it's.csv", "t", s_columns);
            Assert.Contains("'/x/it\\'s.csv'", sql);
            Assert.Contains("ESCAPED BY ''", sql);
            Assert.Contains("OPTIONALLY ENCLOSED BY '\"'", sql);
            Assert.Contains("IGNORE 1 LINES", sql);
            Assert.Contains("`body` = UNHEX(@c6)", sql);
            Assert.Contains("`flags` = CAST(@c7 AS UNSIGNED)", sql);
        }
    }
}
