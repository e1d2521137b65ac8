using System.Collections.Generic;
using System.Linq;
using System.Text;
using Rostrvm.Core.Binlog;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    public class StatementLiteralRewriterTests
    {
        private const int Utf8mb4 = 45, Utf8mb4Unicode = 224, Latin1 = 8, Latin1Bin = 47, Cp1251 = 51, Cp1251Bin = 50, Sjis = 13,
            Binary = 63;

        /// <summary>Bytes from parts: strings are ASCII text, byte arrays raw.</summary>
        private static byte[] B(params object[] parts)
        {
            var list = new List<byte>();
            foreach (var p in parts) list.AddRange(p is string s ? Encoding.ASCII.GetBytes(s) : (byte[])p);
            return list.ToArray();
        }

        private static string Rewrite(byte[] sql, int client, int? connection = null, ulong mode = 0) =>
            StatementLiteralRewriter.Rewrite(sql, client, connection ?? client, mode);

        [Fact]
        public void utf8_text_in_a_utf8_session_is_left_exactly_as_it_is()
        {
            var sql = "INSERT INTO t VALUES ('Ærøskøbing café ☕', N'日本', _latin1'x') /* ü */";
            Assert.Equal(sql, Rewrite(Encoding.UTF8.GetBytes(sql), Utf8mb4));
        }

        [Fact]
        public void a_binary_literal_with_every_byte_value_becomes_hex_of_exactly_those_bytes()
        {
            var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
            // Escaped the way drivers escape them: \0 \' \" \\ \n \r \Z, the rest raw.
            var escaped = new List<byte>();
            foreach (var b in all)
            {
                switch (b)
                {
                    case 0: escaped.AddRange(B("\\0")); break;
                    case (byte)'\'': escaped.AddRange(B("\\'")); break;
                    case (byte)'"': escaped.AddRange(B("\\\"")); break;
                    case (byte)'\\': escaped.AddRange(B("\\\\")); break;
                    case (byte)'\n': escaped.AddRange(B("\\n")); break;
                    case (byte)'\r': escaped.AddRange(B("\\r")); break;
                    case 26: escaped.AddRange(B("\\Z")); break;
                    default: escaped.Add(b); break;
                }
            }
            var hex = string.Concat(all.Select(b => b.ToString("X2")));
            Assert.Equal($"UPDATE t SET b = _binary X'{hex}' WHERE k = 1",
                Rewrite(B("UPDATE t SET b = _binary'", escaped.ToArray(), "' WHERE k = 1"), Utf8mb4));
            Assert.Equal($"SELECT 1 FROM t WHERE b = _binary X'{hex}'",
                Rewrite(B("SELECT 1 FROM t WHERE b = _binary '", escaped.ToArray(), "'"), Latin1));
        }

        [Fact]
        public void other_charset_literals_keep_their_introducer_and_bytes()
        {
            var latin1 = new byte[] { 0xC6, 0x72, 0xF8 }; // Ærø in latin1
            Assert.Equal("INSERT INTO t VALUES (_latin1 X'C672F8')", Rewrite(B("INSERT INTO t VALUES (_latin1'", latin1, "')"), Utf8mb4));
            // Adjacent literals are one string; the COLLATE after it stays where it was.
            Assert.Equal("SELECT _latin1 X'C672F86162' COLLATE latin1_bin",
                Rewrite(B("SELECT _latin1'", latin1, "' 'ab' COLLATE latin1_bin"), Utf8mb4));
        }

        [Fact]
        public void plain_literals_of_a_single_byte_session_take_the_connection_charset_and_its_collation()
        {
            var cyrillic = new byte[] { 0xCF, 0xF0, 0xE8 }; // При in cp1251
            Assert.Equal("INSERT INTO t VALUES (_cp1251 X'CFF0E8', 'abc')",
                Rewrite(B("INSERT INTO t VALUES ('", cyrillic, "', 'abc')"), Cp1251));
            Assert.Equal("SELECT _cp1251 X'CFF0E8' COLLATE `cp1251_bin`", Rewrite(B("SELECT '", cyrillic, "'"), Cp1251, Cp1251Bin));
            // latin1 text goes as the characters of its bytes (MySQL's latin1 is cp1252 with five C1 controls), a plain literal still.
            Assert.Equal("SELECT 'é€\u0081\\'x'", Rewrite(B("SELECT '", new byte[] { 0xE9, 0x80, 0x81 }, "\\'x'"), Latin1, Latin1Bin));
        }

        [Fact]
        public void a_shift_jis_second_byte_0x5C_is_no_backslash()
        {
            // 表 is 0x95 0x5C in Shift-JIS: the quote after it ends the literal.
            var sql = B("INSERT INTO t VALUES ('", new byte[] { 0x95, 0x5C }, "', 'x')");
            Assert.Equal("INSERT INTO t VALUES (_sjis X'955C', 'x')", Rewrite(sql, Sjis));
        }

        [Fact]
        public void backslashes_are_escapes_only_without_NO_BACKSLASH_ESCAPES()
        {
            var sql = B("INSERT INTO t VALUES ('", new byte[] { 0xFF }, "\\\\', 'it''s \\' q')");
            Assert.Equal("INSERT INTO t VALUES (_binary X'FF5C', 'it''s \\' q')", Rewrite(sql, Utf8mb4));
            var nbe = B("INSERT INTO t VALUES ('", new byte[] { 0xFF }, "\\', 'it''s \\')");
            Assert.Equal("INSERT INTO t VALUES (_binary X'FF5C', 'it''s \\')",
                Rewrite(nbe, Utf8mb4, mode: StatementLiteralRewriter.NoBackslashEscapesMode));
            // \% and \_ keep their backslash (LIKE patterns).
            Assert.Equal("SELECT _binary X'FF5C255C5F'", Rewrite(B("SELECT '", new byte[] { 0xFF }, "\\%\\_'"), Utf8mb4));
        }

        [Fact]
        public void bytes_that_are_no_text_of_their_charset_keep_their_bytes_as_binary()
        {
            // The server keeps such bytes of a quoted literal, but refuses _utf8mb4 X'FF'.
            Assert.Equal("INSERT INTO t VALUES (_binary X'FFFE41')",
                Rewrite(B("INSERT INTO t VALUES ('", new byte[] { 0xFF, 0xFE, 0x41 }, "')"), Utf8mb4, Utf8mb4Unicode));
            Assert.Equal("SELECT _binary X'E9'", Rewrite(B("SELECT N'", new byte[] { 0xE9 }, "'"), Latin1));
        }

        [Fact]
        public void national_literals_become_utf8mb3()
        {
            var e = Encoding.UTF8.GetBytes("é");
            Assert.Equal("SELECT N'é', _binary X'FF'", Rewrite(B("SELECT N'", e, "', '", new byte[] { 0xFF }, "'"), Utf8mb4));
            // A latin1 session's N'...' bytes are taken as utf8mb3 unconverted.
            Assert.Equal("SELECT _utf8mb3 X'C3A9', _latin1 X'E9'",
                Rewrite(B("SELECT N'", e, "', _latin1'", new byte[] { 0xE9 }, "'"), Latin1));
        }

        [Fact]
        public void comments_identifiers_and_executable_comments_are_lexed_like_the_server()
        {
            var sql = B("/*!40101 INSERT INTO `it's` VALUES ('", new byte[] { 0xFF }, "') */ -- don't\n# 'x\nSELECT \"",
                new byte[] { 0xFE }, "\"/* ' */");
            Assert.Equal("/*!40101 INSERT INTO `it's` VALUES (_binary X'FF') */ -- don't\n# 'x\nSELECT _binary X'FE'/* ' */",
                Rewrite(sql, Utf8mb4));
            // Under ANSI_QUOTES "..." is an identifier.
            Assert.Equal("SELECT \"a'b\", _binary X'FF'", Rewrite(B("SELECT \"a'b\", '", new byte[] { 0xFF }, "'"), Utf8mb4,
                mode: StatementLiteralRewriter.AnsiQuotesMode));
        }

        [Fact]
        public void a_literal_next_to_a_word_stays_apart_from_it()
        {
            Assert.Equal("SELECT _binary X'FF' AS x", Rewrite(B("SELECT'", new byte[] { 0xFF }, "'AS x"), Utf8mb4));
        }

        [Fact]
        public void the_text_for_people_shows_bytes_that_are_no_character()
        {
            Assert.Equal("SELECT '\\xFF\\xFEa', 'é'", StatementText.Display(B("SELECT '", new byte[] { 0xFF, 0xFE }, "a', '",
                Encoding.UTF8.GetBytes("é"), "'"), "utf8mb4"));
            Assert.Equal("€Æ", StatementText.Display(new byte[] { 0x80, 0xC6 }, "latin1"));
        }

        [Fact]
        public void collation_ids_name_their_charset_and_default()
        {
            Assert.Equal("cp1251", Charsets.CharsetOfCollation(Cp1251));
            Assert.Equal("sjis", Charsets.CharsetOfCollation(Sjis));
            Assert.Equal("latin1_bin", Charsets.CollationName(Latin1Bin));
            Assert.True(Charsets.IsDefaultCollation(Latin1));
            Assert.False(Charsets.IsDefaultCollation(Utf8mb4Unicode));
            Assert.Equal("binary", Charsets.CharsetOfCollation(Binary));
            Assert.Equal("utf8mb4", Charsets.CharsetOfCollation(255));
        }
    }
}
