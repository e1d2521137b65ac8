using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using Rostrvm.Core.Binlog;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    public class BinlogSqlWriterTests
    {
        private static string Fixture(string name) => Path.Combine(BinlogFixture.Directory, name);

        private static string Script(string file, BinlogRange? range = null, BinlogSqlWriterOptions? options = null)
        {
            var output = new StringWriter();
            new BinlogSqlWriter(options).WriteAsync(new[] { Fixture(file) }, range ?? BinlogRange.All, output).GetAwaiter().GetResult();
            return output.ToString();
        }

        private static List<BinlogStatement> Statements(string file, BinlogRange? range = null, BinlogSqlWriterOptions? options = null) =>
            new BinlogSqlWriter(options).ReadStatements(new[] { Fixture(file) }, range ?? BinlogRange.All).Where(s => s.IsExecutable)
                .ToList();

        [Fact]
        public void row_events_become_binlog_statements_after_the_format_description()
        {
            var statements = Statements("rmc__mariadb-bin.000001");
            var binlog = statements.Where(s => s.Kind == BinlogStatementKind.Binlog).ToList();
            Assert.Equal(3, binlog.Count); // the format description, then one per statement's table map + rows
            var fde = Convert.FromBase64String(binlog[0].Sql.Split('\n')[1]);
            Assert.Equal(File.ReadAllBytes(Fixture("rmc__mariadb-bin.000001")).Skip(4).Take(fde.Length), fde);
            var kinds = statements.Select(s => s.Kind).ToList();
            Assert.Equal(2, kinds.Count(k => k == BinlogStatementKind.Begin));
            Assert.Equal(2, kinds.Count(k => k == BinlogStatementKind.Commit));
            Assert.True(kinds.IndexOf(BinlogStatementKind.Binlog) < kinds.IndexOf(BinlogStatementKind.Commit));
            var rows = binlog[1].Sql.Split('\n').Skip(1).Where(l => l != "'").Select(Convert.FromBase64String).ToList();
            Assert.Equal(new[] { (byte)BinlogEventType.TableMap, (byte)BinlogEventType.WriteRowsV1 }, rows.Select(r => r[4]));
        }

        [Fact]
        public void statements_carry_their_session_context()
        {
            var script = Script("rustus__5.7_14_user_var_log.bin");
            Assert.Contains("SET @@session.pseudo_thread_id=", script);
            Assert.Contains("SET @@session.sql_mode=", script);
            Assert.Contains("SET TIMESTAMP=", script);
            Assert.Contains("SET INSERT_ID=", script);
            Assert.Matches(@"SET @`\w+`:=", script);
            Assert.Contains("DELIMITER /*!*/;", script);
            Assert.Contains("SET @@RAND_SEED1=", Script("rustus__5.7_13_rand_log.bin"));
        }

        [Fact]
        public void the_stop_position_and_excluded_gtids_leave_transactions_out()
        {
            var all = Statements("mdbpoc__domain_id_0_mariadb-repl-bin.000004").Where(s => s.Kind == BinlogStatementKind.Statement)
                .ToList();
            var stop = all[100].Position;
            var some = Statements("mdbpoc__domain_id_0_mariadb-repl-bin.000004", new BinlogRange { StopPosition = stop })
                .Where(s => s.Kind == BinlogStatementKind.Statement).ToList();
            Assert.Equal(all.Take(100).Select(s => s.Position), some.Select(s => s.Position));

            var gtid = all[0].Gtid;
            Assert.NotNull(gtid);
            var without = Statements("mdbpoc__domain_id_0_mariadb-repl-bin.000004",
                new BinlogRange { ExcludeGtids = new HashSet<string> { gtid } });
            Assert.DoesNotContain(without, s => s.Gtid == gtid && s.Kind == BinlogStatementKind.Statement);
            Assert.Equal(all.Count(s => s.Gtid != gtid), without.Count(s => s.Kind == BinlogStatementKind.Statement));
        }

        [Fact]
        public void a_renamed_database_rewrites_use_and_table_maps_with_a_valid_checksum()
        {
            var options = new BinlogSqlWriterOptions
            {
                DatabaseRenames = new Dictionary<string, string> { ["toddy_test"] = "restored_copy" },
            };
            var statements = Statements("rmc__mariadb-bin.000001", options: options);
            var block = statements.Where(s => s.Kind == BinlogStatementKind.Binlog).Skip(1).First();
            var map = Convert.FromBase64String(block.Sql.Split('\n')[1]);
            Assert.Equal((byte)BinlogEventType.TableMap, map[4]);
            Assert.Equal(map.Length, BitConverter.ToInt32(map, 9));
            Assert.Equal(Crc32.HashToUInt32(new ReadOnlySpan<byte>(map, 0, map.Length - 4)), BitConverter.ToUInt32(map, map.Length - 4));
            var format = Assert.IsType<FormatDescriptionEventData>(BinlogReader.ReadFile(Fixture("rmc__mariadb-bin.000001")).First().Data);
            var ev = new BinlogEvent("x", 0, map, 19, 4);
            var decoded = (TableMapEventData)TableMapEventData.Decode(ev, new EventDecodeContext(format, new TableMapCache()));
            Assert.Equal("restored_copy", decoded.Database);
            Assert.Equal("outbox", decoded.Table);
            Assert.Equal(5, decoded.ColumnCount);
        }

        [Fact]
        public void decoded_comments_show_the_rows_like_mariadb_binlog_verbose()
        {
            var script = Script("rmc__mariadb-bin.000001", options: new BinlogSqlWriterOptions { DecodedComments = true });
            Assert.Contains("# ### INSERT INTO `toddy_test`.`outbox`", script);
            Assert.Contains("# ###   topic='foo'", script); // this server wrote column names (binlog_row_metadata=FULL)
            Assert.Contains("# at 4 (rmc__mariadb-bin.000001)", script);
            Assert.Contains("# Q> insert into outbox", script);
        }

        [Fact]
        public async System.Threading.Tasks.Task the_export_result_counts_what_was_covered()
        {
            var writer = new BinlogSqlWriter();
            await writer.WriteAsync(new[] { Fixture("shyiko__mysql-bin.checksum-crc32") }, BinlogRange.All, TextWriter.Null);
            Assert.Equal(60, writer.Result.Transactions);
            var lastXid = BinlogReader.ReadFile(Fixture("shyiko__mysql-bin.checksum-crc32")).Last(e => e.Type == BinlogEventType.Xid);
            Assert.Equal(lastXid.Position + lastXid.Length, writer.Result.LastEndPosition);
            Assert.Empty(writer.Result.Warnings);
        }
    }
}
