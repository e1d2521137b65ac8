using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Rostrvm.Core.Binlog;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    public class BinlogDecodingTests
    {
        private static string Fixture(string name) => Path.Combine(BinlogFixture.Directory, name);
        private static string Generated(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "binlog-generated", name);

        private static List<string> OurValues(string path, bool names = false)
        {
            var ours = new List<string>();
            foreach (var ev in BinlogReader.ReadFile(path))
            {
                if (!(ev.Data is RowsEventData rows)) continue;
                Assert.NotNull(rows.TableMap);
                foreach (var change in rows.Rows())
                    foreach (var image in new[] { change.Before, change.After })
                    {
                        if (image == null) continue;
                        for (var i = 0; i < image.Length; i++)
                            if (!image[i].IsMissing)
                                ours.Add((names ? rows.TableMap.ColumnName(i) : "@" + (i + 1)) + "=" +
                                    RowText.Format(image[i], rows.TableMap, i).TrimEnd());
                    }
            }
            return ours;
        }

        // mariadb-binlog writes string bytes raw in the column's character set (latin1 here) while
        // we decode them: compare with every non-ASCII character folded to '?'.
        private static string Fold(string s) => new string(s.Select(c => c > 127 ? '?' : c).ToArray());

        private static List<string> ReferenceValues(string path) =>
            File.ReadAllLines(path + ".mariadb-binlog.txt", Encoding.UTF8).Where(l => l.StartsWith("###   @"))
                .Select(l => Fold(l.Substring(6).TrimEnd())).ToList();

        [Theory]
        [InlineData("mariadb-10.11-compressed-mixed.000002")]
        [InlineData("mariadb-10.11-full-metadata-minimal.000003")]
        public void generated_mariadb_binlogs_decode_to_the_mariadb_binlog_values(string name)
        {
            var path = Generated(name);
            var reference = ReferenceValues(path);
            Assert.True(reference.Count > 400);
            Assert.Equal(reference, OurValues(path).Select(Fold).ToList());
        }

        [Fact]
        public void mariadb_compressed_query_and_rows_events_are_expanded()
        {
            var events = BinlogReader.ReadFile(Generated("mariadb-10.11-compressed-mixed.000002")).ToList();
            var compressedQueries = events.Where(e => e.Type == BinlogEventType.QueryCompressed)
                .Select(e => Assert.IsType<QueryEventData>(e.Data)).ToList();
            Assert.Equal(17, compressedQueries.Count);
            Assert.Contains(compressedQueries, q => q.Sql.StartsWith("CREATE TABLE every_type ("));
            var compressedRows = events.Where(e => e.Type == BinlogEventType.WriteRowsCompressedV1).ToList();
            Assert.Equal(26, compressedRows.Count);
            Assert.All(compressedRows, e => Assert.True(Assert.IsType<RowsEventData>(e.Data).CountRows() > 0));
        }

        [Fact]
        public void full_metadata_gives_column_names_signedness_enum_and_set_values()
        {
            var path = Generated("mariadb-10.11-full-metadata-minimal.000003");
            var map = BinlogReader.ReadFile(path).Select(e => e.Data).OfType<TableMapEventData>().First(m => m.Table == "every_type");
            Assert.NotNull(map.ColumnNames);
            Assert.NotNull(map.Unsigned);
            Assert.NotNull(map.EnumValues);
            Assert.NotNull(map.SetValues);
            Assert.Equal("id", map.ColumnNames[0]);
            Assert.Equal("t_nullable", map.ColumnNames[map.ColumnCount - 1]);
            Assert.True(map.Unsigned[Array.IndexOf(map.ColumnNames, "t_ubig")]);
            Assert.False(map.Unsigned[Array.IndexOf(map.ColumnNames, "t_big")]);
            Assert.Equal(new[] { "agent", "supervisor", "admin" }, map.EnumValues[Array.IndexOf(map.ColumnNames, "t_enum")]);
            Assert.Equal(new[] { "voice", "email", "sms", "chat" }, map.SetValues[Array.IndexOf(map.ColumnNames, "t_set")]);
            Assert.Equal(new[] { 0 }, map.PrimaryKey);

            var first = BinlogReader.ReadFile(path).Select(e => e.Data).OfType<RowsEventData>()
                .First(r => r.TableMap?.Table == "every_type").Rows().First().After;
            Assert.NotNull(first);
            int Col(string n) => Array.IndexOf(map.ColumnNames, n);
            Assert.Equal(18446744073709551615UL, first[Col("t_ubig")].ToObject());
            Assert.Equal(-9223372036854775808L, first[Col("t_big")].ToObject());
            Assert.Equal("Café crème", first[Col("t_latin1")].ToObject());
            Assert.Equal("Grüße, 你好, ok", first[Col("t_varchar")].ToObject());
            Assert.Equal(-12345678.1234m, first[Col("t_dec")].ToObject());
            Assert.Equal("1234567890123456789012345678.123456789012", first[Col("t_dec_wide")].ToObject());
            Assert.Equal("supervisor", first[Col("t_enum")].ToObject(map.EnumValues[Col("t_enum")]));
            Assert.Equal("voice,sms,chat", first[Col("t_set")].ToObject(map.SetValues[Col("t_set")]));
            Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59, 999), first[Col("t_datetime3")].ToObject());
            Assert.Equal(-(TimeSpan.FromHours(838) + TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(59)), first[Col("t_time")].ToObject());
            Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 0xFF, 0xFE, 0xFD }, first[Col("t_blob")].ToObject());
            Assert.Equal(70000, Assert.IsType<string>(first[Col("t_longtext")].ToObject()).Length);
            Assert.Equal(0x1555UL, first[Col("t_bit")].ToObject());
            Assert.Equal(2024, first[Col("t_year")].ToObject());
            Assert.Equal(3.25f, first[Col("t_float")].ToObject());
            // POINT(1 2) as WKB: little-endian, type 1, x = 1.0, y = 2.0.
            var wkb = Assert.IsType<byte[]>(first[Col("t_geometry")].ToObject());
            Assert.Equal(21, wkb.Length);
            Assert.Equal(1, wkb[0]);
            Assert.Equal(1u, BitConverter.ToUInt32(wkb, 1));
            Assert.Equal(1.0, BitConverter.ToDouble(wkb, 5));
            Assert.Equal(2.0, BitConverter.ToDouble(wkb, 13));
            Assert.Equal(0, first[Col("t_geometry")].GeometrySrid);
            Assert.Equal(new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(6543210), first[Col("t_timestamp6")].ToObject());
        }

        [Fact]
        public void minimal_row_images_leave_the_unlogged_columns_missing()
        {
            var path = Generated("mariadb-10.11-full-metadata-minimal.000003");
            var updates = BinlogReader.ReadFile(path).Select(e => e.Data).OfType<RowsEventData>()
                .Where(r => r.Operation == RowOperation.Update && r.TableMap?.Table == "every_type").SelectMany(r => r.Rows()).ToList();
            Assert.NotEmpty(updates);
            var map = BinlogReader.ReadFile(path).Select(e => e.Data).OfType<TableMapEventData>().First(m => m.Table == "every_type");
            Assert.NotNull(map.ColumnNames);
            int Col(string n) => Array.IndexOf(map.ColumnNames, n);
            // MINIMAL: the before image is the primary key, the after image the changed columns.
            var minimal = updates.First();
            Assert.NotNull(minimal.Before);
            Assert.NotNull(minimal.After);
            Assert.False(minimal.Before[Col("id")].IsMissing);
            Assert.True(minimal.Before[Col("t_varchar")].IsMissing);
            Assert.False(minimal.After[Col("t_varchar")].IsMissing);
            Assert.True(minimal.After[Col("t_int")].IsMissing);
            // NOBLOB: every column but the unchanged BLOB/TEXT ones.
            var noblob = updates.Last();
            Assert.NotNull(noblob.Before);
            Assert.NotNull(noblob.After);
            Assert.False(noblob.Before[Col("t_varchar")].IsMissing);
            Assert.True(noblob.Before[Col("t_longtext")].IsMissing);
            Assert.False(noblob.After[Col("t_int")].IsMissing);
            Assert.True(noblob.After[Col("t_longtext")].IsMissing);
        }

        [Fact]
        public void mysql_binary_json_and_partial_json_updates_decode()
        {
            var rows = BinlogReader.ReadFile(Fixture("rmc__json.binlog.000001")).Select(e => e.Data).OfType<RowsEventData>().ToList();
            var first = rows[0].Rows().First().After;
            Assert.NotNull(first);
            Assert.Equal("{\"age\": 24, \"data\": \"xxxxxxxxxx\", \"name\": \"Joe\"}", first[1].ToObject());
            var partial = rows.Single(r => r.IsPartial).Rows().First();
            Assert.NotNull(partial.After);
            Assert.Equal(ColumnValueKind.JsonDiff, partial.After[1].Kind);
            Assert.Equal("JSON_REPLACE(@2, '$.age', CAST('26' AS JSON))", partial.After[1].ToObject());
            Assert.Equal(26L, partial.After[3].ToObject());
        }

        [Fact]
        public void a_compressed_mysql_transaction_expands_into_its_events()
        {
            var events = BinlogReader.ReadFile(Fixture("rmc__transaction_compression.000001")).ToList();
            var payload = events.Single(e => e.Type == BinlogEventType.TransactionPayload);
            var inner = events.Where(e => e.IsInPayload).ToList();
            Assert.Equal(new[] { "Query", "Table_map", "Write_rows", "Xid" }, inner.Select(e => e.TypeName));
            Assert.All(inner, e => { Assert.Same(payload, e.Container); Assert.Equal(payload.Position, e.Position); });
            Assert.Equal("BEGIN", Assert.IsType<QueryEventData>(inner[0].Data).Sql);
            var row = Assert.IsType<RowsEventData>(inner[2].Data).Rows().Single().After;
            Assert.NotNull(row);
            Assert.Equal(1, Convert.ToInt32(row[0].ToObject()));
        }

        [Fact]
        public void statement_context_events_decode()
        {
            var rand = BinlogReader.ReadFile(Fixture("rustus__5.7_13_rand_log.bin")).Select(e => e.Data).OfType<RandEventData>().Single();
            Assert.True(rand.Seed1 > 0 && rand.Seed2 > 0);
            var vars = BinlogReader.ReadFile(Fixture("rustus__5.7_14_user_var_log.bin")).Select(e => e.Data).OfType<UserVarEventData>()
                .ToList();
            Assert.Equal(3, vars.Count);
            var reference = File.ReadAllText(Fixture("rustus__5.7_14_user_var_log.bin") + ".mariadb-binlog.txt");
            foreach (var v in vars) Assert.Contains("@`" + v.Name + "`", reference);
            var intvar = BinlogReader.ReadFile(Fixture("rustus__5.7_14_user_var_log.bin")).Select(e => e.Data).OfType<IntvarEventData>()
                .Single();
            Assert.Contains("SET " + intvar.VariableName + "=" + intvar.Value, reference);
        }

        [Fact]
        public void query_status_variables_decode()
        {
            var q = BinlogReader.ReadFile(Fixture("mdbpoc__domain_id_0_mariadb-repl-bin.000004")).Select(e => e.Data)
                .OfType<QueryEventData>().First();
            Assert.Equal("sbtest-repl", q.Database);
            Assert.Equal(1411383296UL, q.SqlMode);
            Assert.Equal((ushort)8, q.CharacterSetClient);
            Assert.Equal((ushort)2304, q.CollationServer);
            Assert.Equal("UPDATE sbtest1 SET k=k+1 WHERE id=372046", q.Sql);
            Assert.False(q.StatusVariablesIncomplete);
        }

        [Fact]
        public void transactions_group_gtid_to_commit()
        {
            var tracker = new BinlogTransactionTracker();
            var ends = 0;
            var starts = new List<long>();
            foreach (var e in BinlogReader.ReadFile(Fixture("mdbpoc__domain_id_0_mariadb-repl-bin.000004")))
            {
                var t = tracker.Observe(e);
                if (t.IsStart) starts.Add(t.StartPosition);
                if (t.IsEnd) { ends++; Assert.Equal(BinlogEventType.Xid, e.Type); }
            }
            Assert.Equal(405, starts.Count);
            Assert.Equal(405, ends);
        }

        [Fact]
        public void a_file_truncated_while_it_is_read_fails_at_the_damaged_event()
        {
            var copy = Path.Combine(Path.GetTempPath(), "rostrvm-shrink-" + Guid.NewGuid().ToString("N"));
            File.Copy(Fixture("mdbpoc__domain_id_0_mariadb-repl-bin.000004"), copy);
            try
            {
                var seen = 0L;
                var ex = Assert.Throws<BinlogFormatException>(() =>
                {
                    foreach (var e in BinlogReader.ReadFile(copy))
                    {
                        if (++seen == 10) using (var f = new FileStream(copy, FileMode.Open, FileAccess.Write,
                            FileShare.ReadWrite)) f.SetLength(200000);
                    }
                });
                Assert.Equal("BinlogTruncated", ex.ErrorId);
                Assert.True(ex.Position > 100000 && ex.Position <= 200000, "position " + ex.Position);
            }
            finally { File.Delete(copy); }
        }
    }
}
