using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    /// <summary>SqlScriptReader.SplitInsertsAbove with InsertTuples: long INSERTs come out as several of the same rows.</summary>
    public class InsertSplitTests
    {
        private static List<string> Read(string script, int splitAbove)
        {
            var reader = new SqlScriptReader(new MemoryStream(Encoding.UTF8.GetBytes(script))) { SplitInsertsAbove = splitAbove };
            var list = new List<string>();
            string? statement;
            while ((statement = reader.Next()) != null) list.Add(statement);
            return list;
        }

        // Rows whose strings hold everything a naive split would trip on: parentheses, commas, quotes, escapes.
        private static readonly string[] s_rows = Enumerable.Range(0, 40).Select(i =>
            $"({i},'a),(b \\' \\\\',\"x\"\"),(y\",`c`,NULL,-1.5e3,_binary'{new string('z', i * 7)}')").ToArray();

        private static string Insert(IEnumerable<string> rows) => "INSERT INTO `t),(` VALUES " + string.Join(",", rows);

        [Theory]
        [InlineData(64)]
        [InlineData(300)]
        [InlineData(1000)]
        public void A_long_insert_becomes_inserts_of_the_same_rows_in_order_each_within_the_limit(int limit)
        {
            var statements = Read(Insert(s_rows) + ";\nSELECT 1;", limit);
            Assert.Equal("SELECT 1", statements[statements.Count - 1]);
            var inserts = statements.Take(statements.Count - 1).ToList();
            Assert.True(inserts.Count > 1);
            var rows = new List<string>();
            foreach (var insert in inserts)
            {
                Assert.StartsWith("INSERT INTO `t),(` VALUES (", insert);
                var tuples = InsertTuples.Find(Encoding.UTF8.GetBytes(insert), Encoding.UTF8.GetByteCount(insert))!;
                // Within the limit, unless a single row is longer.
                Assert.True(Encoding.UTF8.GetByteCount(insert) <= limit || tuples.Count == 1, insert);
                var body = insert.Substring("INSERT INTO `t),(` VALUES ".Length);
                rows.AddRange(tuples.Select((start, k) => body.Substring(start - tuples[0],
                    (k + 1 < tuples.Count ? tuples[k + 1] - 1 : insert.Length) - start)));
            }
            Assert.Equal(s_rows, rows);
        }

        [Fact]
        public void A_short_insert_and_split_off_is_left_as_written()
        {
            var script = Insert(s_rows) + ";";
            Assert.Equal(new[] { Insert(s_rows) }, Read(script, 0));
            Assert.Equal(new[] { Insert(s_rows) }, Read(script, script.Length + 1));
        }

        [Theory]
        [InlineData("INSERT INTO t SELECT * FROM u WHERE a IN (1,2,3) AND b = 'VALUES (1),(2)'")]
        [InlineData("INSERT INTO t VALUES (1,'a'),(2,'b') ON DUPLICATE KEY UPDATE b = VALUES(b)")]
        [InlineData("REPLACE INTO t VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d')")]
        [InlineData("INSERT INTO t VALUES (1,(2),(3,'c'),(4,'d')")]
        public void Anything_but_a_plain_multi_row_insert_is_not_split(string statement)
        {
            Assert.Null(InsertTuples.Find(Encoding.UTF8.GetBytes(statement), Encoding.UTF8.GetByteCount(statement)));
            Assert.Equal(new[] { statement }, Read(statement + ";", 16));
        }

        [Theory]
        [InlineData("INSERT INTO t VALUES (1,'a),(2,'b")]
        [InlineData("INSERT INTO t VALUES (1,'a'),(2,`b")]
        [InlineData("INSERT INTO `t VALUES (1,'a'),(2,'b')")]
        public void A_quote_left_open_is_not_split(string statement)
        {
            Assert.Null(InsertTuples.Find(Encoding.UTF8.GetBytes(statement), Encoding.UTF8.GetByteCount(statement)));
        }

        [Fact]
        public void A_column_list_and_a_values_column_are_part_of_every_piece()
        {
            var statement = "INSERT INTO t (`values`, b) VALUES (1,'x'),(2,'y'),(3,'z')";
            var tuples = InsertTuples.Find(Encoding.UTF8.GetBytes(statement), statement.Length);
            Assert.Equal(new[] { 35, 43, 51 }, tuples);
            Assert.Equal(new[] { "INSERT INTO t (`values`, b) VALUES (1,'x'),(2,'y')", "INSERT INTO t (`values`, b) VALUES (3,'z')" },
                Read(statement + ";", 51));
        }

        [Fact]
        public void Binary_values_of_a_piece_are_still_sent_as_hex()
        {
            var prefix = Encoding.ASCII.GetBytes("INSERT INTO t VALUES ");
            var row = Encoding.ASCII.GetBytes("(_binary'").Concat(new byte[] { 0xff, 0x00 })
                .Concat(Encoding.ASCII.GetBytes("')")).ToArray();
            var script = prefix.Concat(row).Concat(new[] { (byte)',' }).Concat(row).Concat(new[] { (byte)';' }).ToArray();
            var reader = new SqlScriptReader(new MemoryStream(script)) { SplitInsertsAbove = 20 };
            Assert.Equal("INSERT INTO t VALUES (0xFF00)", reader.Next());
            Assert.Equal("INSERT INTO t VALUES (0xFF00)", reader.Next());
            Assert.Null(reader.Next());
        }
    }
}
