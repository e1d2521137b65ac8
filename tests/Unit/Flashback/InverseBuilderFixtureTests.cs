using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Flashback;
using Rostrvm.Tests.Unit.Binlog;
using Xunit;
using Xunit.Abstractions;

namespace Rostrvm.Tests.Unit.Flashback
{
    /// <summary>The reverse SQL of the MySQL 8 fixtures' row events, read through BinlogEventQuery as the cmdlet reads them.</summary>
    public class InverseBuilderFixtureTests
    {
        private readonly ITestOutputHelper _output;

        public InverseBuilderFixtureTests(ITestOutputHelper output) { _output = output; }

        /// <summary>Column names for the json fixture, whose table maps carry none (binlog_row_metadata=MINIMAL).</summary>
        private sealed class JsonTableColumns : IColumnInfoSource
        {
            public ColumnInfo[] GetColumns(string database, string table) =>
                new[] { new ColumnInfo("id"), new ColumnInfo("json_col"), new ColumnInfo("name", collationId: 255), new ColumnInfo("age") };
        }

        private static readonly FlashbackTable JsonTable = new FlashbackTable(
            "mysql", "t", new[] { "id", "json_col", "name", "age" }, new[] { "id" },
            generatedColumns: new[] { "name", "age" }, jsonColumns: new[] { "json_col" });

        private static List<BinlogTransactionInfo> Transactions(string fixture, IColumnInfoSource? columns = null) =>
            new BinlogEventQuery(new BinlogRange { IncludeScratch = true }) { ColumnInfo = columns }
                .Transactions(new[] { Path.Combine(BinlogFixture.Directory, fixture) })
                .Where(t => t.Events.Any(e => e.Rows != null)).ToList();

        private List<string> Reverse(BinlogTransactionInfo transaction, FlashbackTable table)
        {
            var sql = InverseBuilder.Build(transaction, (db, name) => db == table.Database && name == table.Name ? table : null)
                .Select(UndoStatements.Reverse).ToList();
            foreach (var s in sql) _output.WriteLine(s);
            return sql;
        }

        [Fact]
        public void Json_updates_are_set_back_by_primary_key_with_json_cast_and_generated_columns_left_to_the_server()
        {
            var update = Transactions("rmc__json.binlog.000001", new JsonTableColumns()).Single(t => t.Position == 2389);
            var sql = Reverse(update, JsonTable);
            Assert.Equal(6, sql.Count);
            // Last row first.
            Assert.Equal(
                "UPDATE `mysql`.`t` SET `json_col`=CAST('{\"age\": 40, \"data\": \"zzzzzzzzzz\", \"name\": \"Pete\"}' AS JSON) " +
                "WHERE `id` = 6",
                sql[0]);
            Assert.Equal(
                "UPDATE `mysql`.`t` SET `json_col`=CAST('{\"age\": 24, \"data\": \"xxxxxxxxxx\", \"name\": \"Joe\"}' AS JSON) " +
                "WHERE `id` = 1",
                sql[5]);
        }

        [Fact]
        public void Json_inserts_are_deleted_by_primary_key_and_the_conflict_probe_compares_every_stored_column()
        {
            var insert = Transactions("rmc__json.binlog.000001", new JsonTableColumns()).First();
            var rows = InverseBuilder.Build(insert, (db, name) => JsonTable);
            Assert.Equal("DELETE FROM `mysql`.`t` WHERE `id` = 1", UndoStatements.Reverse(rows.Single()));
            Assert.Equal(
                "SELECT COUNT(*) FROM (SELECT 1 FROM `mysql`.`t` WHERE `id` <=> 1 AND " +
                "`json_col` <=> CAST('{\"age\": 24, \"data\": \"xxxxxxxxxx\", \"name\": \"Joe\"}' AS JSON) LIMIT 1 FOR UPDATE) k",
                UndoStatements.Probe(rows.Single(), forUpdate: true));
        }

        [Fact]
        public void A_partial_json_update_is_refused_with_the_reason()
        {
            var partial = Transactions("rmc__json.binlog.000001", new JsonTableColumns()).Single(t => t.Position == 3527);
            var ex = Assert.Throws<RostrvmException>(() => InverseBuilder.Build(partial, (db, name) => JsonTable));
            Assert.Equal("UndoPartialRowImage", ex.ErrorId);
            Assert.Contains("binlog_row_image=FULL", ex.Message);
            Assert.Contains("partial JSON update", ex.Message);
        }

        [Fact]
        public void Enum_set_and_text_rows_of_a_table_without_a_key_reverse_on_the_whole_row_with_limit_1()
        {
            var all = Transactions("rmc__mysql-enum-string-set.000001");
            Assert.Equal(3, all.Count);
            var after = all[0].Events.Select(e => e.Rows).OfType<BinlogRowImage[]>().First()[0].After;
            Assert.NotNull(after);
            var columns = after.Keys.Cast<string>().ToArray();
            Assert.Equal(new[] { "f1", "f2", "f3", "f4", "f5" }, columns.Take(5));
            var table = new FlashbackTable("mysql", "t", columns);
            var insert = Reverse(all[0], table).Single();
            Assert.StartsWith("DELETE FROM `mysql`.`t` WHERE `f1` <=> '0123456789", insert);
            Assert.Contains("' COLLATE utf8mb4_bin AND `f2` <=> '", insert);
            Assert.EndsWith(" LIMIT 1", insert);
            var update = Reverse(all[1], table).Single();
            Assert.StartsWith("UPDATE `mysql`.`t` SET `f1`='0123456789", update);
            Assert.Contains(
                "WHERE `f1` <=> 'field1' COLLATE utf8mb4_bin AND `f2` <=> 'field_2' COLLATE utf8mb4_bin AND " +
                "`f3` <=> 'variant2' COLLATE utf8mb4_bin AND `f4` <=> 'two,four' COLLATE utf8mb4_bin",
                update);
            var delete = Reverse(all[2], table).Single();
            Assert.StartsWith("INSERT INTO `mysql`.`t` (`f1`, `f2`, `f3`, `f4`, `f5`", delete);
            Assert.Contains("VALUES ('field1', 'field_2', 'variant2', 'two,four', ", delete);
        }

        [Fact]
        public void Bit_and_unsigned_values_are_written_as_numbers()
        {
            var insert = Transactions("rmc__mysql_type_bit.000001").Single();
            var table = new FlashbackTable("mysql", "foo", new[] { "a", "b", "c" });
            Assert.Equal(
                "DELETE FROM `mysql`.`foo` WHERE `a` <=> 4 AND `b` <=> 'foo' COLLATE utf8mb4_bin AND `c` <=> 32 LIMIT 1",
                Reverse(insert, table).Single());
        }

        [Fact]
        public void A_minimal_row_image_is_refused_with_the_reason()
        {
            // binlog_row_image=MINIMAL: the before-image holds the key only, the after-image the changed columns.
            var before = new OrderedDictionary { ["id"] = 7L };
            var after = new OrderedDictionary { ["name"] = "new" };
            var transaction = new BinlogTransactionInfo
            {
                File = "rtmbinlog.000003", Position = 400, Gtid = "0-1-9", Complete = true,
                Events = new[]
                {
                    new BinlogEventInfo
                    {
                        File = "rtmbinlog.000003", Position = 500, Type = "Update_rows", Operation = "Update", Database = "db", Table = "t",
                        Rows = new[] { new BinlogRowImage { Operation = "Update", Before = before, After = after } } },
                },
            };
            var table = new FlashbackTable("db", "t", new[] { "id", "name", "note" }, new[] { "id" });
            var ex = Assert.Throws<RostrvmException>(() => InverseBuilder.Build(transaction, (db, name) => table));
            Assert.Equal("UndoPartialRowImage", ex.ErrorId);
            Assert.Contains("1 of 3 columns", ex.Message);
            Assert.Contains("MINIMAL or NOBLOB", ex.Message);
        }

        [Fact]
        public void A_statement_logged_change_is_refused_with_the_reason()
        {
            var transaction = new BinlogTransactionInfo
            {
                File = "rtmbinlog.000003", Position = 400, Gtid = "0-1-9", Complete = true,
                Events = new[]
                {
                    new BinlogEventInfo
                    {
                        File = "rtmbinlog.000003", Position = 450, Type = "Query", Operation = "Update", Sql = "UPDATE t SET a = RAND()"
                    }
                },
            };
            var ex = Assert.Throws<RostrvmException>(() => InverseBuilder.Build(transaction, (db, name) => null));
            Assert.Equal("UndoStatementLogged", ex.ErrorId);
            Assert.Contains("UPDATE t SET a = RAND()", ex.Message);
        }
    }
}
