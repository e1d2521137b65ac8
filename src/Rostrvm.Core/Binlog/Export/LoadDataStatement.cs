using System;
using System.Collections.Generic;
using System.Globalization;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// A LOAD DATA statement from an Execute_load_query event, taken apart into the pieces a
    /// bulk loader needs: the target (table with its CHARACTER SET, FIELDS and LINES clauses, as
    /// logged), the lines to skip, the column list and the SET clause. The server writes these
    /// clauses in a fixed order (sql_load.cc / Load_query_generator), which is what the parser
    /// relies on; quoted strings and identifiers are skipped whole.
    /// </summary>
    public sealed class LoadDataStatement
    {
        /// <summary>The local copy of the file the statement read.</summary>
        public string LocalPath { get; private set; } = "";
        public LoadDuplicates Duplicates { get; private set; }
        /// <summary>"LOW_PRIORITY", "CONCURRENT" or null.</summary>
        public string? Priority { get; private set; }
        /// <summary>The table and the CHARACTER SET / FIELDS / LINES clauses, as logged.</summary>
        public string Target { get; private set; } = "";
        public int SkipLines { get; private set; }
        /// <summary>The column list without its parentheses, or null.</summary>
        public string? Columns { get; private set; }
        /// <summary>The SET clause without the keyword, or null.</summary>
        public string? Assignments { get; private set; }

        public static LoadDataStatement Parse(LoadQueryInfo load, string localPath)
        {
            var statement = new LoadDataStatement { LocalPath = localPath, Duplicates = load.Duplicates };
            var before = load.SqlBeforeFile.ToUpperInvariant();
            if (before.Contains("LOW_PRIORITY")) statement.Priority = "LOW_PRIORITY";
            else if (before.Contains("CONCURRENT")) statement.Priority = "CONCURRENT";

            var tail = load.SqlAfterFile.TrimStart();
            if (tail.StartsWith("TABLE", StringComparison.OrdinalIgnoreCase)) tail = tail.Substring(5);
            var tokens = Tokenize(tail);
            int? ignoreAt = null, columnsAt = null, columnsEnd = null, setAt = null;
            var depth = 0;
            for (var i = 0; i < tokens.Count; i++)
            {
                var t = tokens[i];
                var previous = i > 0 ? tokens[i - 1].Text : string.Empty;
                if (t.Text == "(")
                {
                    if (depth == 0 && columnsAt == null && setAt == null && !Is(previous, "PARTITION")) columnsAt = t.Start;
                    depth++;
                    continue;
                }
                if (t.Text == ")")
                {
                    depth--;
                    if (depth == 0 && columnsAt != null && columnsEnd == null) columnsEnd = t.Start;
                    continue;
                }
                if (depth != 0 || setAt != null) continue;
                if (Is(t.Text, "IGNORE") && ignoreAt == null && columnsAt == null && i + 2 < tokens.Count
                    && int.TryParse(tokens[i + 1].Text, NumberStyles.None, CultureInfo.InvariantCulture, out var lines)
                    && (Is(tokens[i + 2].Text, "LINES") || Is(tokens[i + 2].Text, "ROWS")))
                {
                    ignoreAt = t.Start;
                    statement.SkipLines = lines;
                }
                else if (Is(t.Text, "SET") && !Is(previous, "CHARACTER") && !Is(previous, "CHARSET"))
                {
                    setAt = t.Start;
                }
            }
            var targetEnd = Math.Min(ignoreAt ?? tail.Length, Math.Min(columnsAt ?? tail.Length, setAt ?? tail.Length));
            statement.Target = tail.Substring(0, targetEnd).Trim();
            if (columnsAt != null && columnsEnd != null)
                statement.Columns = tail.Substring(columnsAt.Value + 1, columnsEnd.Value - columnsAt.Value - 1).Trim();
            if (setAt != null) statement.Assignments = tail.Substring(setAt.Value + 3).Trim();
            if (statement.Target.Length == 0)
                throw new FormatException("The LOAD DATA statement names no table after INTO TABLE.");
            return statement;
        }

        private static bool Is(string token, string keyword) => string.Equals(token, keyword, StringComparison.OrdinalIgnoreCase);

        private struct Token
        {
            public int Start;
            public string Text;
        }

        /// <summary>Words, numbers, single punctuation; quoted strings and identifiers as one token.</summary>
        private static List<Token> Tokenize(string sql)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < sql.Length)
            {
                var c = sql[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                var start = i;
                if (c == '\'' || c == '"' || c == '`')
                {
                    i++;
                    while (i < sql.Length)
                    {
                        if (sql[i] == '\\' && c != '`') { i += 2; continue; }
                        if (sql[i] == c)
                        {
                            if (i + 1 < sql.Length && sql[i + 1] == c) { i += 2; continue; } // doubled quote
                            i++;
                            break;
                        }
                        i++;
                    }
                }
                else if (char.IsLetterOrDigit(c) || c == '_' || c == '@' || c == '$')
                {
                    while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_' || sql[i] == '$')) i++;
                    if (i == start) i++; // a lone '@'
                }
                else i++;
                tokens.Add(new Token { Start = start, Text = sql.Substring(start, Math.Min(i, sql.Length) - start) });
            }
            return tokens;
        }
    }
}
