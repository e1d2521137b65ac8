using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using MySqlConnector;
using Rostrvm.Core.Runtime;

namespace Rostrvm.Core.Mis
{
    /// <summary>
    /// The CSV dialect of the MIS extracts (docs/ARCHITECTURE.md, file formats), chosen so that a spreadsheet
    /// shows the values as they are and LOAD DATA gives back identical rows:
    /// RFC 4180 (comma, CRLF after every record, fields with quotes doubled), UTF-8 with a byte
    /// order mark (so Excel reads UTF-8; LOAD DATA skips it with the header line), one header row
    /// of column names. Text is always quoted, so an empty string is <c>""</c> while NULL is the
    /// unquoted word <c>NULL</c> (what LOAD DATA reads as NULL when fields are enclosed). No
    /// escape character: a backslash is just a backslash, hence <c>ESCAPED BY ''</c> on load.
    /// Times ISO-8601 (<c>yyyy-MM-ddTHH:mm:ss[.ffffff]</c>, the column's declared precision, the
    /// server's time zone), numbers as the server writes them (invariant), binary values as
    /// hexadecimal, BIT values as unsigned integers. The server sends each value's text as bytes
    /// (<see cref="SelectList"/>); this class only quotes, marks NULLs and joins them.
    /// </summary>
    public sealed class MisCsvRowFormatter
    {
        public static readonly byte[] ByteOrderMark = { 0xEF, 0xBB, 0xBF };
        private static readonly byte[] s_null = Encoding.ASCII.GetBytes("NULL");
        private static readonly byte[] s_hex = Encoding.ASCII.GetBytes("0123456789ABCDEF");
        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false, true);

        private readonly IReadOnlyList<MisColumn> _columns;
        private byte[] _buffer = new byte[4096];
        private byte[] _raw = new byte[4096];
        private int _length;

        public MisCsvRowFormatter(IReadOnlyList<MisColumn> columns) => _columns = columns;

        /// <summary>The record just formatted, CRLF included. Valid until the next call.</summary>
        public byte[] Buffer => _buffer;
        public int Length => _length;
        public byte[] ToArray() { var copy = new byte[_length]; Array.Copy(_buffer, copy, _length); return copy; }

        /// <summary>The header record: the column names, quoted only where RFC 4180 needs it.</summary>
        public static byte[] Header(IEnumerable<string> names)
        {
            var fields = names.Select(n => n.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 ? "\"" + n.Replace("\"", "\"\"") + "\"" : n);
            return s_utf8.GetBytes(string.Join(",", fields) + "\r\n");
        }

        /// <summary>
        /// The SELECT list that makes the server send every column as the bytes of its text form
        /// (what LOAD DATA reads back), so rows are copied rather than parsed and re-formatted:
        /// text converted to utf8mb4, binary as HEX, BIT as an unsigned integer, the rest as the
        /// server writes it (DECIMAL exact, DATETIME with its declared fraction, TIMESTAMP in the
        /// session time zone).
        /// </summary>
        public static string SelectList(IReadOnlyList<MisColumn> columns) => string.Join(", ", columns.Select(SelectExpression));

        private static string SelectExpression(MisColumn column)
        {
            var name = MisTableSchema.Quote(column.Name);
            switch (column.Kind)
            {
                case MisColumnKind.Text: return $"CAST(CONVERT({name} USING utf8mb4) AS BINARY)";
                case MisColumnKind.Binary: return $"HEX({name})";
                case MisColumnKind.Bit: return $"CAST(CAST({name} AS UNSIGNED) AS BINARY)";
                default: return $"CAST({name} AS BINARY)";
            }
        }

        /// <summary>Formats the reader's current row, selected with <see cref="SelectList"/>.</summary>
        [MethodImpl(HotPathOptions.Hot)]
        public void Format(MySqlDataReader reader)
        {
            _length = 0;
            for (var i = 0; i < _columns.Count; i++)
            {
                if (i > 0) Append((byte)',');
                if (reader.IsDBNull(i)) { Append(s_null); continue; }
                var kind = _columns[i].Kind;
                if (kind == MisColumnKind.Text)
                {
                    // Straight into the record, inside quotes; only a value holding a quote takes the slow way.
                    Reserve(2);
                    _buffer[_length] = (byte)'"';
                    var text = CopyValue(reader, i, _length + 1, 1);
                    if (new ReadOnlySpan<byte>(_buffer, _length + 1, text).IndexOf((byte)'"') < 0)
                    {
                        _length += text + 1;
                        _buffer[_length++] = (byte)'"';
                        continue;
                    }
                }
                else if (kind != MisColumnKind.Binary)
                {
                    var value = CopyValue(reader, i, _length, 0);
                    _length += value;
                    if (kind == MisColumnKind.DateTime) MarkTime(value);
                    continue;
                }
                var length = (int)reader.GetBytes(i, 0, null, 0, 0);
                if (_raw.Length < length) _raw = new byte[Math.Max(length, _raw.Length * 2)];
                if (length > 0) reader.GetBytes(i, 0, _raw, 0, length);
                AppendField(_columns[i], _raw, length);
            }
            Append((byte)'\r');
            Append((byte)'\n');
        }

        /// <summary>
        /// Formats a row given as the server's text of each value (UTF-8 bytes, null for NULL):
        /// the same bytes as <see cref="Format(MySqlDataReader)"/>.
        /// </summary>
        public void Format(IReadOnlyList<byte[]?> fields)
        {
            _length = 0;
            for (var i = 0; i < _columns.Count; i++)
            {
                if (i > 0) Append((byte)',');
                var field = fields[i];
                if (field == null) Append(s_null);
                else AppendField(_columns[i], field, field.Length);
            }
            Append((byte)'\r');
            Append((byte)'\n');
        }

        private void AppendField(MisColumn column, byte[] raw, int length)
        {
            switch (column.Kind)
            {
                case MisColumnKind.Text:
                    AppendQuoted(raw, length);
                    break;
                case MisColumnKind.Binary:
                    if (length == 0) { Append((byte)'"'); Append((byte)'"'); }
                    else Append(raw, length);
                    break;
                case MisColumnKind.DateTime:
                    Append(raw, length);
                    MarkTime(length);
                    break;
                default:
                    Append(raw, length);
                    break;
            }
        }

        /// <summary>
        /// Copies a value's bytes to <c>_buffer[offset..]</c>, leaving <paramref name="after"/> bytes
        /// free behind it, and returns its length: one call for a value that fits, as most do.
        /// </summary>
        [MethodImpl(HotPathOptions.Hot)]
        private int CopyValue(MySqlDataReader reader, int ordinal, int offset, int after)
        {
            var space = _buffer.Length - offset - after;
            if (space > 0)
            {
                var copied = (int)reader.GetBytes(ordinal, 0, _buffer, offset, space);
                if (copied < space) return copied;
            }
            var length = (int)reader.GetBytes(ordinal, 0, null, 0, 0);
            if (offset + length + after > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, offset + length + after));
            if (length > 0) reader.GetBytes(ordinal, 0, _buffer, offset, length);
            return length;
        }

        /// <summary>'2026-11-24 09:30:00.123456' -> ISO-8601 '2026-11-24T09:30:00.123456' (the value just appended).</summary>
        private void MarkTime(int length)
        {
            if (length > 10 && _buffer[_length - length + 10] == (byte)' ') _buffer[_length - length + 10] = (byte)'T';
        }

        /// <summary>RFC 4180 quoting: the bytes inside quotes, each quote doubled.</summary>
        private void AppendQuoted(byte[] raw, int length)
        {
            Reserve(length * 2 + 2);
            _buffer[_length++] = (byte)'"';
            var start = 0;
            for (var i = 0; i < length; i++)
            {
                if (raw[i] != (byte)'"') continue;
                System.Buffer.BlockCopy(raw, start, _buffer, _length, i + 1 - start);
                _length += i + 1 - start;
                _buffer[_length++] = (byte)'"';
                start = i + 1;
            }
            System.Buffer.BlockCopy(raw, start, _buffer, _length, length - start);
            _length += length - start;
            _buffer[_length++] = (byte)'"';
        }

        /// <summary>The integer key of the reader's current row, from its text.</summary>
        [MethodImpl(HotPathOptions.Hot)]
        public static long Key(MySqlDataReader reader, int ordinal, ref byte[] scratch)
        {
            var length = (int)reader.GetBytes(ordinal, 0, null, 0, 0);
            if (scratch.Length < length) scratch = new byte[length];
            reader.GetBytes(ordinal, 0, scratch, 0, length);
            if (!Utf8Parser.TryParse(new ReadOnlySpan<byte>(scratch, 0, length), out long key, out var used) || used != length)
                throw new FormatException("The primary key is not an integer.");
            return key;
        }

        private void Append(byte[] bytes) => Append(bytes, bytes.Length);

        private void Append(byte[] bytes, int length)
        {
            Reserve(length);
            System.Buffer.BlockCopy(bytes, 0, _buffer, _length, length);
            _length += length;
        }

        private void Append(byte value)
        {
            Reserve(1);
            _buffer[_length++] = value;
        }

        private void Reserve(int extra)
        {
            if (_length + extra <= _buffer.Length) return;
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
        }

        /// <summary>
        /// The statement that loads an extract back into a table (the extract's columns only;
        /// generated columns are recomputed by the server). Run it in a session with the same
        /// time_zone as the extract's server if the table has TIMESTAMP columns.
        /// </summary>
        public static string LoadDataStatement(string csvPath, string table, IReadOnlyList<MisColumn> columns)
        {
            var targets = new List<string>();
            var assignments = new List<string>();
            for (var i = 0; i < columns.Count; i++)
            {
                var name = MisTableSchema.Quote(columns[i].Name);
                switch (columns[i].Kind)
                {
                    case MisColumnKind.Binary:
                        targets.Add("@c" + i); assignments.Add($"{name} = UNHEX(@c{i})"); break;
                    case MisColumnKind.Bit:
                        targets.Add("@c" + i); assignments.Add($"{name} = CAST(@c{i} AS UNSIGNED)"); break;
                    default:
                        targets.Add(name); break;
                }
            }
            var path = csvPath.Replace("\\", "\\\\").Replace("'", "\\'");
            var sql = $"LOAD DATA LOCAL INFILE '{path}' INTO TABLE {MisTableSchema.Quote(table)} CHARACTER SET utf8mb4 " +
                      "FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\\r\\n' IGNORE 1 LINES " +
                      "(" + string.Join(", ", targets) + ")";
            if (assignments.Count > 0) sql += " SET " + string.Join(", ", assignments);
            return sql;
        }
    }
}
