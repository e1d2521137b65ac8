using System.Collections.Generic;
using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Splits a logged statement into the tokens <see cref="StatementTables"/> reads, as the
    /// server's lexer sees them (sql_lex.cc): comments (/* */, "-- ", #) are dropped, while the
    /// body of an executable comment (/*! */, /*!50100 */, /*M! */) is code; strings are skipped
    /// whole with their escapes; backquoted names keep escaped backquotes as one.
    /// </summary>
    internal static class StatementTokenizer
    {
        public static List<StatementToken> Tokenize(string sql, bool ansiQuotes) => new List<StatementToken>(Tokens(sql, ansiQuotes));

        /// <summary>The tokens one by one: a reader that knows the table after a few stops there (a long INSERT is not split).</summary>
        public static IEnumerable<StatementToken> Tokens(string sql, bool ansiQuotes)
        {
            var i = 0;
            var n = sql.Length;
            var inExecutable = false;
            while (i < n)
            {
                var c = sql[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c == '/' && i + 1 < n && sql[i + 1] == '*')
                {
                    var j = i + 2;
                    if (j < n && sql[j] == 'M' && j + 1 < n && sql[j + 1] == '!') j++;
                    if (j < n && sql[j] == '!' && !inExecutable)
                    {
                        // Executable comment: its version number is skipped, its body is code.
                        j++;
                        while (j < n && char.IsDigit(sql[j])) j++;
                        inExecutable = true;
                        i = j;
                        continue;
                    }
                    var end = sql.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                    i = end < 0 ? n : end + 2;
                    continue;
                }
                if (c == '*' && inExecutable && i + 1 < n && sql[i + 1] == '/')
                {
                    inExecutable = false;
                    i += 2;
                    continue;
                }
                if (c == '#' || (c == '-' && i + 1 < n && sql[i + 1] == '-' && (i + 2 >= n || char.IsWhiteSpace(sql[i + 2]))))
                {
                    while (i < n && sql[i] != '\n') i++;
                    continue;
                }
                if (c == '`' || (c == '"' && ansiQuotes))
                {
                    yield return new StatementToken { Kind = StatementTokenKind.Quoted, Text = Quoted(sql, ref i, c) };
                    continue;
                }
                if (c == '\'' || c == '"')
                {
                    SkipString(sql, ref i, c);
                    yield return new StatementToken { Kind = StatementTokenKind.String, Text = string.Empty };
                    continue;
                }
                if (IsWordChar(c))
                {
                    var start = i;
                    while (i < n && IsWordChar(sql[i])) i++;
                    yield return new StatementToken { Kind = StatementTokenKind.Word, Text = sql.Substring(start, i - start) };
                    continue;
                }
                yield return new StatementToken { Kind = StatementTokenKind.Symbol, Text = c.ToString() };
                i++;
            }
        }

        // Unquoted identifiers: letters, digits, $ and _, and any character beyond ASCII.
        private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7F;

        private static string Quoted(string sql, ref int i, char quote)
        {
            var sb = new StringBuilder();
            i++;
            while (i < sql.Length)
            {
                if (sql[i] == quote)
                {
                    if (i + 1 < sql.Length && sql[i + 1] == quote) { sb.Append(quote); i += 2; continue; }
                    i++;
                    return sb.ToString();
                }
                sb.Append(sql[i++]);
            }
            return sb.ToString();
        }

        private static void SkipString(string sql, ref int i, char quote)
        {
            i++;
            while (i < sql.Length)
            {
                var c = sql[i];
                if (c == '\\') { i += 2; continue; }
                if (c == quote)
                {
                    if (i + 1 < sql.Length && sql[i + 1] == quote) { i += 2; continue; }
                    i++;
                    return;
                }
                i++;
            }
        }
    }
}
