using System.Text;
using Rostrvm.Core.Binlog;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    /// <summary>
    /// LOAD DATA statements as MariaDB and MySQL log them in Execute_load_query events, split at
    /// the logged file-name offsets and taken apart for the bulk loader.
    /// </summary>
    public class LoadDataStatementTests
    {
        private static LoadQueryInfo Logged(string sql, string fileNameClause, LoadDuplicates duplicates = LoadDuplicates.Error)
        {
            var bytes = Encoding.UTF8.GetBytes(sql);
            var start = (uint)Encoding.UTF8.GetByteCount(sql.Substring(0, sql.IndexOf(fileNameClause)));
            var end = start + (uint)Encoding.UTF8.GetByteCount(fileNameClause);
            return LoadQueryInfo.Split(7, start, end, (byte)duplicates, bytes, Encoding.UTF8);
        }

        [Fact]
        public void Splits_at_the_logged_file_name_and_rebuilds_a_local_statement()
        {
            // The offsets MariaDB 10.11 wrote for this statement: 9 and 51.
            var sql =
                "LOAD DATA LOCAL INFILE '/tmp/load.csv' REPLACE INTO TABLE `loaded` CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' (`id`)";
            var info = LoadQueryInfo.Split(1, 9, 51, 2, Encoding.UTF8.GetBytes(sql), Encoding.UTF8);
            Assert.Equal("LOAD DATA", info.SqlBeforeFile);
            Assert.Equal(" TABLE `loaded` CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' (`id`)", info.SqlAfterFile);
            Assert.Equal(
                "LOAD DATA LOCAL INFILE '/x/it\\'s' REPLACE INTO TABLE `loaded` CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' (`id`)",
                info.StatementFor("/x/it's"));
        }

        [Fact]
        public void Takes_apart_target_skipped_lines_columns_and_assignments()
        {
            var info = Logged("LOAD DATA LOW_PRIORITY LOCAL INFILE 'a.csv' IGNORE INTO TABLE `t` CHARACTER SET utf8mb4 " +
                    "FIELDS TERMINATED BY ',' ENCLOSED BY '' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' " +
                    "IGNORE 2 LINES (`id`, @`v`, `label`) " +
                    "SET `value`= @v * 2, `note` = 'SET (x)'",
                " LOCAL INFILE 'a.csv' IGNORE INTO", LoadDuplicates.Ignore);
            var load = LoadDataStatement.Parse(info, "/tmp/f");
            Assert.Equal("LOW_PRIORITY", load.Priority);
            Assert.Equal(LoadDuplicates.Ignore, load.Duplicates);
            Assert.Equal("`t` CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' ENCLOSED BY '' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'",
                load.Target);
            Assert.Equal(2, load.SkipLines);
            Assert.Equal("`id`, @`v`, `label`", load.Columns);
            Assert.Equal("`value`= @v * 2, `note` = 'SET (x)'", load.Assignments);
        }

        [Fact]
        public void Keywords_inside_quotes_and_the_partition_list_are_not_clauses()
        {
            var info = Logged("LOAD DATA LOCAL INFILE 'a' INTO TABLE `set` PARTITION (p0, p1) CHARACTER SET latin1 " +
                    "FIELDS TERMINATED BY ' SET ( IGNORE 1 LINES'",
                " LOCAL INFILE 'a' INTO");
            var load = LoadDataStatement.Parse(info, "/tmp/f");
            Assert.Equal("`set` PARTITION (p0, p1) CHARACTER SET latin1 FIELDS TERMINATED BY ' SET ( IGNORE 1 LINES'", load.Target);
            Assert.Equal(0, load.SkipLines);
            Assert.Null(load.Columns);
            Assert.Null(load.Assignments);
            Assert.Null(load.Priority);
        }
    }
}
