using Rostrvm.Core.Backup;
using Xunit;

namespace Rostrvm.Tests.Unit.Backup
{
    public class SqlScriptReaderTests
    {
        [Fact]
        public void Splits_like_the_mysql_client()
        {
            var script = "-- comment ; here\n/*!40101 SET NAMES utf8mb4 */;\n" +
                         "INSERT INTO `a;b` VALUES ('x;y\\';z',\"q;\"),(0xAB);\n# hash comment\n" +
                         "DELIMITER ;;\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 'a;;b'; END ;;\n" +
                         "DELIMITER ;\nSELECT 2;\nSELECT 'it''s;'";
            var statements = SqlScriptReader.Split(script);
            Assert.Equal(new[]
            {
                "/*!40101 SET NAMES utf8mb4 */",
                "INSERT INTO `a;b` VALUES ('x;y\\';z',\"q;\"),(0xAB)",
                "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 'a;;b'; END",
                "SELECT 2",
                "SELECT 'it''s;'",
            }, statements);
        }

        [Fact]
        public void Keeps_multibyte_text_and_negative_numbers()
        {
            var statements = SqlScriptReader.Split("INSERT INTO t VALUES (-5,'Zoë — 日本;'),(-1.5e-3,'x');");
            Assert.Equal("INSERT INTO t VALUES (-5,'Zoë — 日本;'),(-1.5e-3,'x')", Assert.Single(statements));
        }

        [Fact]
        public void Reads_statements_across_buffer_boundaries()
        {
            var big = new string('x', 200000);
            var statements = SqlScriptReader.Split($"INSERT INTO t VALUES ('{big}');\nSELECT 1;");
            Assert.Equal(2, statements.Count);
            Assert.Equal(200000 + 25, statements[0].Length);
        }
    }
}
