using System;
using System.Collections.Generic;
using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Turns the bytes of a logged statement into text that reads the same on the server when it
    /// is sent as UTF-8 with character_set_client=utf8mb4 and the event's collation_connection
    /// (a connector sends command text as UTF-8, and bytes that are no UTF-8 character cannot go
    /// through it). Text that is already such UTF-8 is left as it is, and so is a latin1
    /// session's text (decoded exactly). Any other string literal (with its
    /// introducer, N prefix and adjacent literals) whose bytes are not becomes a hex literal of
    /// exactly the bytes the server took from it, with the same character set and collation:
    /// <c>_latin1 X'C6'</c>, <c>_binary X'FF00'</c>, <c>_cp1251 X'E0' COLLATE `cp1251_bin`</c>.
    /// The lexing follows the server's: backslash escapes unless NO_BACKSLASH_ESCAPES, doubled
    /// quotes, "..." as a string unless ANSI_QUOTES, backquoted identifiers, comments (the
    /// executable /*! */ kind is code), and multi-byte characters whose second byte is 0x5C.
    /// </summary>
    public static class StatementLiteralRewriter
    {
        public const ulong AnsiQuotesMode = 1UL << 2;
        public const ulong NoBackslashEscapesMode = 1UL << 20;

        /// <summary>The statement as text to send as utf8mb4 (see the type's summary).</summary>
        /// <param name="sql">The statement's bytes as logged.</param>
        /// <param name="characterSetClient">The event's character_set_client (a collation id); null: utf8mb4.</param>
        /// <param name="collationConnection">The event's collation_connection id; null: the client character set's default.</param>
        /// <param name="sqlMode">The event's sql_mode; null: the default (backslash escapes on).</param>
        public static string Rewrite(byte[] sql, int? characterSetClient, int? collationConnection, ulong? sqlMode)
        {
            if (sql == null || sql.Length == 0) return string.Empty;
            var client = (characterSetClient.HasValue ? Charsets.CharsetOfCollation(characterSetClient.Value) : null) ?? "utf8mb4";
            if (StatementText.IsAscii(sql, 0, sql.Length)) return Encoding.ASCII.GetString(sql);
            // The usual case: a UTF-8 session whose statement is UTF-8 text goes through unchanged.
            if (Charsets.IsUtf8(client) && StatementText.Utf8Length(sql, 0, sql.Length, client == "utf8mb4") == sql.Length)
                return Encoding.UTF8.GetString(sql);
            return new Lexer(sql, client, collationConnection, sqlMode ?? 0).Run();
        }

        private sealed class Lexer
        {
            private readonly byte[] _sql;
            private readonly string _client;
            private readonly int? _collationConnection;
            private readonly bool _backslashEscapes;
            private readonly bool _ansiQuotes;
            private readonly StringBuilder _out;
            private int _codeStart;

            public Lexer(byte[] sql, string client, int? collationConnection, ulong sqlMode)
            {
                _sql = sql;
                _client = client;
                _collationConnection = collationConnection;
                _backslashEscapes = (sqlMode & NoBackslashEscapesMode) == 0;
                _ansiQuotes = (sqlMode & AnsiQuotesMode) != 0;
                _out = new StringBuilder(sql.Length + 64);
            }

            public string Run()
            {
                var b = _sql;
                var n = b.Length;
                var i = 0;
                while (i < n)
                {
                    var c = b[i];
                    if (c == '\'' || (c == '"' && !_ansiQuotes)) { i = Literal(i); continue; }
                    if (c == '`' || (c == '"' && _ansiQuotes)) { i = Quoted(i, c); continue; }
                    if (c == '#') { i = LineEnd(i); continue; }
                    if (c == '-' && i + 1 < n && b[i + 1] == '-' && (i + 2 >= n || b[i + 2] <= ' ')) { i = LineEnd(i); continue; }
                    if (c == '/' && i + 1 < n && b[i + 1] == '*')
                    {
                        // /*! ... */, /*M! ... */ and /*+ ... */ hold code: lex on inside them.
                        if (i + 2 < n && (b[i + 2] == '!' || b[i + 2] == '+' || (b[i + 2] == 'M' && i + 3 < n && b[i + 3] == '!')))
                        {
                            i += 2;
                            continue;
                        }
                        i = CommentEnd(i);
                        continue;
                    }
                    i += StatementText.CharLength(b, i, n, _client);
                }
                Code(n);
                return _out.ToString();
            }

            /// <summary>Writes the code before <paramref name="end"/> not yet written, decoded from the client character set.</summary>
            private void Code(int end)
            {
                if (end > _codeStart) _out.Append(StatementText.Display(_sql, _codeStart, end, _client));
                _codeStart = Math.Max(_codeStart, end);
            }

            private int LineEnd(int i)
            {
                while (i < _sql.Length && _sql[i] != '\n') i++;
                return i;
            }

            private int CommentEnd(int i)
            {
                i += 2;
                while (i + 1 < _sql.Length && !(_sql[i] == '*' && _sql[i + 1] == '/')) i++;
                return Math.Min(_sql.Length, i + 2);
            }

            private int Quoted(int i, byte quote)
            {
                var n = _sql.Length;
                i++;
                while (i < n)
                {
                    if (_sql[i] == quote)
                    {
                        if (i + 1 < n && _sql[i + 1] == quote) { i += 2; continue; }
                        return i + 1;
                    }
                    i += StatementText.CharLength(_sql, i, n, _client);
                }
                return n;
            }

            /// <summary>One quoted part: where it ends, and the bytes the server takes from it.</summary>
            private int Part(int i, List<byte> content)
            {
                var b = _sql;
                var n = b.Length;
                var quote = b[i];
                i++;
                while (i < n)
                {
                    var c = b[i];
                    var mb = StatementText.CharLength(b, i, n, _client);
                    if (mb > 1)
                    {
                        for (var k = 0; k < mb; k++) content.Add(b[i + k]);
                        i += mb;
                        continue;
                    }
                    if (c == quote)
                    {
                        if (i + 1 < n && b[i + 1] == quote) { content.Add(quote); i += 2; continue; }
                        return i + 1;
                    }
                    if (c == '\\' && _backslashEscapes && i + 1 < n)
                    {
                        var e = b[i + 1];
                        switch (e)
                        {
                            case (byte)'0': content.Add(0); break;
                            case (byte)'b': content.Add(8); break;
                            case (byte)'n': content.Add((byte)'\n'); break;
                            case (byte)'r': content.Add((byte)'\r'); break;
                            case (byte)'t': content.Add((byte)'\t'); break;
                            case (byte)'Z': content.Add(26); break;
                            case (byte)'%':
                            case (byte)'_':
                                // Kept with the backslash, for LIKE patterns.
                                content.Add((byte)'\\'); content.Add(e); break;
                            default: content.Add(e); break;
                        }
                        i += 2;
                        continue;
                    }
                    content.Add(c);
                    i++;
                }
                return n;
            }

            private static bool IsWordByte(byte c) =>
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;

            private static bool IsSpace(byte c) => c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';

            private int Literal(int start)
            {
                var b = _sql;
                var n = b.Length;
                // What stands before the quote: N, an introducer (_latin1, maybe spaces between), or nothing.
                string? introducer = null;
                var prefixStart = start;
                if (start > _codeStart && (b[start - 1] == 'N' || b[start - 1] == 'n')
                    && (start - 1 == _codeStart || !IsPrefixBlocker(b[start - 2])))
                {
                    introducer = "N";
                    prefixStart = start - 1;
                }
                else
                {
                    var w = start;
                    while (w > _codeStart && IsSpace(b[w - 1])) w--;
                    var wordEnd = w;
                    while (w > _codeStart && IsWordByte(b[w - 1])) w--;
                    if (wordEnd - w > 1 && b[w] == '_' && (w == _codeStart || !IsPrefixBlocker(b[w - 1])))
                    {
                        var name = Charsets.CharsetName(Encoding.ASCII.GetString(b, w + 1, wordEnd - w - 1));
                        if (name != null && StatementText.IsAscii(b, w, wordEnd)) { introducer = name; prefixStart = w; }
                    }
                }

                // The literal and those adjacent to it are one string.
                var content = new List<byte>();
                var end = Part(start, content);
                var allUtf8 = Charsets.IsUtf8(_client) && StatementText.Utf8Length(b, start, end, _client == "utf8mb4") == end - start;
                var allAscii = StatementText.IsAscii(b, start, end);
                while (true)
                {
                    var next = end;
                    while (next < n && IsSpace(b[next])) next++;
                    if (next >= n || !(b[next] == '\'' || (b[next] == '"' && !_ansiQuotes))) break;
                    var partEnd = Part(next, content);
                    allUtf8 &= Charsets.IsUtf8(_client)
                        && StatementText.Utf8Length(b, next, partEnd, _client == "utf8mb4") == partEnd - next;
                    allAscii &= StatementText.IsAscii(b, next, partEnd);
                    end = partEnd;
                }
                // Sent as it is, the server reads the same bytes. So does a latin1 session's literal
                // without introducer as the text of those bytes: MySQL's latin1 maps each of the 256
                // bytes to its own character and back, and the literal keeps the collation and
                // coercibility that only a plain literal has.
                if (allAscii || allUtf8 || (introducer == null && _client == "latin1")) return end;

                var bytes = content.ToArray();
                string charset;
                string? collate = null;
                if (introducer == null)
                {
                    // No introducer: the client's bytes, converted to the connection's character set, in its collation.
                    var connection = _collationConnection.HasValue ? Charsets.CharsetOfCollation(_collationConnection.Value) : null;
                    charset = _client;
                    if (connection == null || connection == _client || (Charsets.IsUtf8(connection) && Charsets.IsUtf8(_client)))
                    {
                        charset = connection ?? _client;
                        if (_collationConnection.HasValue && !Charsets.IsDefaultCollation(_collationConnection.Value))
                            collate = Charsets.CollationName(_collationConnection.Value);
                    }
                    Code(start);
                }
                else if (introducer == "N")
                {
                    charset = "utf8mb3";
                    Code(prefixStart);
                }
                else
                {
                    charset = introducer;
                    Code(prefixStart);
                }
                // Bytes that are no text of their character set (which the server keeps as they
                // are in a quoted literal, but refuses in a hex one) keep their bytes as binary.
                if (!StatementText.IsWellFormed(bytes, 0, bytes.Length, charset)) { charset = "binary"; collate = null; }
                _out.Append(_out.Length > 0 && IsWordChar(_out[_out.Length - 1]) ? " _" : "_").Append(charset).Append(" X'");
                foreach (var x in bytes) _out.Append(x.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                _out.Append('\'');
                if (collate != null) _out.Append(" COLLATE `").Append(collate).Append('`');
                if (end < n && IsWordByte(b[end])) _out.Append(' ');
                _codeStart = end;
                return end;
            }

            /// <summary>A byte that makes N or _name before a quote part of a longer name (x.N'..' is no literal).</summary>
            private static bool IsPrefixBlocker(byte c) => IsWordByte(c) || c == '.' || c == '@' || c == '`';

            private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$';
        }
    }
}
