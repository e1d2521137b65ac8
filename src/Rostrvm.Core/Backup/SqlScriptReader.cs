using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// Splits a SQL script into statements the way the mysql command-line client does: the
    /// delimiter (changed by <c>DELIMITER</c> lines) ends a statement only outside quotes,
    /// backticks and comments; <c>--</c> and <c>#</c> comments are dropped; <c>/*...*/</c>
    /// comments (including executable <c>/*!40101 ...*/</c>) stay in the statement for the server.
    /// Works on UTF-8 bytes: every syntax character is ASCII, so multi-byte characters never
    /// match. Streams: one statement is held at a time.
    /// </summary>
    public sealed class SqlScriptReader
    {
        private readonly Stream _stream;
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _position;
        private int _length;
        private byte[] _statement = new byte[1 << 16];
        private int _statementLength;
        private byte[] _delimiter = { (byte)';' };
        // The statement rewritten for the connector and one binary literal's bytes (StatementText), reused.
        private byte[]? _decoded;
        private byte[]? _literal;
        private const int KeptBufferBytes = 4 << 20;

        public SqlScriptReader(Stream stream) { _stream = stream; }

        /// <summary>Bytes consumed from the script so far.</summary>
        public long BytesRead { get; private set; }

        /// <summary>
        /// A multi-row INSERT longer than this many bytes comes out as several INSERTs of the same
        /// rows, each at most this long unless one row is longer (0: never split). The loader
        /// sets it: each statement becomes a string of twice its bytes (four times for binary
        /// values sent as hex), and smaller ones in flight keep its memory down.
        /// </summary>
        public int SplitInsertsAbove { get; set; }

        // The rows of a split INSERT still to come: each tuple's start in _statement, the next one to send.
        private List<int>? _tuples;
        private int _nextTuple;
        private byte[] _piece = Array.Empty<byte>();

        /// <summary>The next statement without its delimiter, or null at the end.</summary>
        public string? Next()
        {
            if (_tuples != null) return NextPiece();
            _statementLength = 0;
            var atStatementStart = true;
            while (true)
            {
                var b = Peek(0);
                if (b < 0)
                {
                    var rest = Current().Trim();
                    return rest.Length == 0 ? null : rest;
                }
                if (atStatementStart)
                {
                    if (b == ' ' || b == '\t' || b == '\r' || b == '\n') { Skip(1); continue; }
                    if (StartsWithWord("DELIMITER"))
                    {
                        var line = ReadLine();
                        var value = line.Substring("DELIMITER".Length).Trim();
                        if (value.Length > 0) _delimiter = Encoding.UTF8.GetBytes(value);
                        continue;
                    }
                    atStatementStart = false;
                }
                if (b == '-' && Peek(1) == '-' && IsSpaceOrEnd(Peek(2)))
                {
                    SkipLine();
                    if (_statementLength == 0) atStatementStart = true;
                    continue;
                }
                if (b == '#') { SkipLine(); if (_statementLength == 0) atStatementStart = true; continue; }
                if (b == '/' && Peek(1) == '*') { CopyUntil("*/"); continue; }
                if (b == '\'' || b == '"' || b == '`') { CopyQuoted((byte)b); continue; }
                if (b == _delimiter[0] && MatchesDelimiter())
                {
                    Skip(_delimiter.Length);
                    if (SplitInsertsAbove > 0 && _statementLength > SplitInsertsAbove)
                    {
                        _tuples = InsertTuples.Find(_statement, _statementLength);
                        if (_tuples != null && _tuples.Count > 1) { _nextTuple = 0; return NextPiece(); }
                        _tuples = null;
                    }
                    var text = Current().Trim();
                    if (text.Length > 0) return text;
                    _statementLength = 0;
                    atStatementStart = true;
                    continue;
                }
                // Fast path: copy up to the next byte that may start something special.
                var span = new ReadOnlySpan<byte>(_buffer, _position + 1, _length - _position - 1);
                var special = span.IndexOfAny(Specials());
                AppendRange(special < 0 ? span.Length + 1 : special + 1);
            }
        }

        private byte[] _specials = Array.Empty<byte>();
        // The delimiter _specials was made for; none yet.
        private byte[]? _specialsFor;

        private byte[] Specials()
        {
            if (_specialsFor != _delimiter)
            {
                _specials = new byte[] { (byte)'\'', (byte)'"', (byte)'`', (byte)'-', (byte)'#', (byte)'/', _delimiter[0] };
                _specialsFor = _delimiter;
            }
            return _specials;
        }

        /// <summary>All statements (a convenience for small scripts and tests).</summary>
        public static List<string> Split(string script)
        {
            var reader = new SqlScriptReader(new MemoryStream(Encoding.UTF8.GetBytes(script)));
            var list = new List<string>();
            string? statement;
            while ((statement = reader.Next()) != null) list.Add(statement);
            return list;
        }

        /// <summary>The INSERT of the next rows of the split statement that fit <see cref="SplitInsertsAbove"/>.</summary>
        private string NextPiece()
        {
            var tuples = _tuples!;
            var prefix = tuples[0];
            var first = _nextTuple;
            // Tuple k runs from its start to the comma before the next one (or to the end).
            int End(int k) => k + 1 < tuples.Count ? tuples[k + 1] - 1 : _statementLength;
            var last = first;
            while (last + 1 < tuples.Count && prefix + End(last + 1) - tuples[first] <= SplitInsertsAbove) last++;
            _nextTuple = last + 1;
            if (_nextTuple == tuples.Count) _tuples = null;
            var length = prefix + End(last) - tuples[first];
            if (_piece.Length < length) _piece = new byte[Math.Max(length, SplitInsertsAbove + 64)];
            Buffer.BlockCopy(_statement, 0, _piece, 0, prefix);
            Buffer.BlockCopy(_statement, tuples[first], _piece, prefix, End(last) - tuples[first]);
            var text = Decode(_piece, length);
            if (_piece.Length > KeptBufferBytes) _piece = Array.Empty<byte>();
            return text.TrimEnd();
        }

        private string Current() => Decode(_statement, _statementLength);

        private string Decode(byte[] statement, int length)
        {
            var text = StatementText.Decode(statement, length, ref _decoded, ref _literal);
            // Buffers grown for a rare huge statement are not kept for the next one.
            if (_decoded?.Length > KeptBufferBytes) _decoded = null;
            if (_literal?.Length > KeptBufferBytes) _literal = null;
            return text;
        }

        private bool Fill(int needed)
        {
            if (_length - _position >= needed) return true;
            if (_position > 0)
            {
                Buffer.BlockCopy(_buffer, _position, _buffer, 0, _length - _position);
                _length -= _position;
                _position = 0;
            }
            while (_length < needed)
            {
                var n = _stream.Read(_buffer, _length, _buffer.Length - _length);
                if (n <= 0) return false;
                _length += n;
            }
            return true;
        }

        private int Peek(int offset) => Fill(offset + 1) ? _buffer[_position + offset] : -1;

        private void Skip(int count) { _position += count; BytesRead += count; }

        private static bool IsSpaceOrEnd(int b) => b < 0 || b == ' ' || b == '\t' || b == '\n' || b == '\r';

        private bool StartsWithWord(string word)
        {
            if (!Fill(word.Length + 1)) return false;
            for (var i = 0; i < word.Length; i++)
                if (char.ToUpperInvariant((char)_buffer[_position + i]) != word[i]) return false;
            var after = _buffer[_position + word.Length];
            return after == ' ' || after == '\t';
        }

        private bool MatchesDelimiter()
        {
            if (!Fill(_delimiter.Length)) return false;
            for (var i = 0; i < _delimiter.Length; i++)
                if (_buffer[_position + i] != _delimiter[i]) return false;
            return true;
        }

        private void Append(byte b)
        {
            if (_statementLength == _statement.Length) Array.Resize(ref _statement, _statement.Length * 2);
            _statement[_statementLength++] = b;
        }

        private void AppendRange(int count)
        {
            if (_statementLength + count > _statement.Length)
            {
                var size = _statement.Length;
                while (size < _statementLength + count) size *= 2;
                Array.Resize(ref _statement, size);
            }
            Buffer.BlockCopy(_buffer, _position, _statement, _statementLength, count);
            _statementLength += count;
            Skip(count);
        }

        private string ReadLine()
        {
            var line = new List<byte>();
            int b;
            while ((b = Peek(0)) >= 0 && b != '\n') { line.Add((byte)b); Skip(1); }
            if (b == '\n') Skip(1);
            return Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
        }

        private void SkipLine()
        {
            int b;
            while ((b = Peek(0)) >= 0 && b != '\n') Skip(1);
            if (b == '\n') Skip(1);
        }

        /// <summary>Copies a quoted string, backslash escapes and doubled quotes included.</summary>
        private void CopyQuoted(byte quote)
        {
            AppendRange(1);
            while (true)
            {
                if (!Fill(1)) return;
                // Fast path: copy everything up to the next quote or backslash in the buffer.
                var span = new ReadOnlySpan<byte>(_buffer, _position, _length - _position);
                var index = quote == '`' ? span.IndexOf(quote) : span.IndexOfAny(quote, (byte)'\\');
                if (index < 0) { AppendRange(span.Length); continue; }
                AppendRange(index);
                if (_buffer[_position] == '\\')
                {
                    AppendRange(1);
                    if (Fill(1)) AppendRange(1);
                    continue;
                }
                AppendRange(1); // the quote
                if (Peek(0) == quote) { AppendRange(1); continue; } // doubled quote
                return;
            }
        }

        private void CopyUntil(string end)
        {
            AppendRange(2);
            while (Fill(end.Length))
            {
                if (_buffer[_position] == end[0] && _buffer[_position + 1] == end[1]) { AppendRange(2); return; }
                AppendRange(1);
            }
            if (Fill(1)) AppendRange(_length - _position);
        }
    }
}
