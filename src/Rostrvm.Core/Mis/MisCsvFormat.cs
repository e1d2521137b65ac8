using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MySqlConnector;

namespace Rostrvm.Core.Mis
{
    /// <summary>
    /// The CSV dialect of the MIS extracts (DESIGN.md section 4), chosen so that a spreadsheet
    /// shows the values as they are and LOAD DATA gives back identical rows:
    /// RFC 4180 (comma, CRLF after every record, fields with quotes doubled), UTF-8 with a byte
    /// order mark (so Excel reads UTF-8; LOAD DATA skips it with the header line), one header row
    /// of column names. Text is always quoted, so an empty string is <c>""</c> while NULL is the
    /// unquoted word <c>NULL</c> (what LOAD DATA reads as NULL when fields are enclosed). No
    /// escape character: a backslash is just a backslash, hence <c>ESCAPED BY ''</c> on load.
    /// Times ISO-8601 (<c>yyyy-MM-ddTHH:mm:ss[.ffffff]</c>, the column's declared precision, the
    /// server's time zone), numbers in the invariant culture, binary values as hexadecimal,
    /// BIT values as unsigned integers.
    /// </summary>
    public sealed class MisCsvRowFormatter
    {
        public static readonly byte[] ByteOrderMark = { 0xEF, 0xBB, 0xBF };
        private static readonly byte[] s_null = Encoding.ASCII.GetBytes("NULL");
        private static readonly byte[] s_hex = Encoding.ASCII.GetBytes("0123456789ABCDEF");
        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false, true);

        private readonly IReadOnlyList<MisColumn> _columns;
        private byte[] _buffer = new byte[4096];
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

        /// <summary>Formats the reader's current row (columns in schema order).</summary>
        public void Format(MySqlDataReader reader)
        {
            _length = 0;
            for (var i = 0; i < _columns.Count; i++)
            {
                if (i > 0) Append((byte)',');
                if (reader.IsDBNull(i)) { Append(s_null); continue; }
                var column = _columns[i];
                switch (column.Kind)
                {
                    case MisColumnKind.Signed: AppendInt64(reader.GetInt64(i)); break;
                    case MisColumnKind.Unsigned: AppendUInt64(reader.GetUInt64(i)); break;
                    case MisColumnKind.Text: AppendText(reader.GetString(i)); break;
                    case MisColumnKind.Decimal: AppendAscii(reader.GetMySqlDecimal(i).ToString()); break;
                    default: AppendValue(column, reader.GetValue(i)); break;
                }
            }
            Append((byte)'\r');
            Append((byte)'\n');
        }

        /// <summary>Formats a row given as values (DBNull or null for NULL): the same bytes as <see cref="Format(MySqlDataReader)"/>.</summary>
        public void Format(IReadOnlyList<object> values)
        {
            _length = 0;
            for (var i = 0; i < _columns.Count; i++)
            {
                if (i > 0) Append((byte)',');
                var value = values[i];
                if (value == null || value is DBNull) Append(s_null);
                else AppendValue(_columns[i], value);
            }
            Append((byte)'\r');
            Append((byte)'\n');
        }

        private void AppendValue(MisColumn column, object value)
        {
            switch (column.Kind)
            {
                case MisColumnKind.Signed:
                case MisColumnKind.Year:
                    AppendInt64(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
                case MisColumnKind.Unsigned:
                case MisColumnKind.Bit:
                    AppendUInt64(Convert.ToUInt64(value, CultureInfo.InvariantCulture)); break;
                case MisColumnKind.Decimal:
                    AppendAscii(value is MySqlDecimal d ? d.ToString() : Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)); break;
                case MisColumnKind.Float:
                    AppendAscii(Convert.ToSingle(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)); break;
                case MisColumnKind.Double:
                    AppendAscii(Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)); break;
                case MisColumnKind.Date:
                    AppendDateTime(value, column.FractionDigits, dateOnly: true); break;
                case MisColumnKind.DateTime:
                    AppendDateTime(value, column.FractionDigits, dateOnly: false); break;
                case MisColumnKind.Time:
                    AppendTime((TimeSpan)value, column.FractionDigits); break;
                case MisColumnKind.Binary:
                    AppendHex(value as byte[] ?? Encoding.UTF8.GetBytes(Convert.ToString(value, CultureInfo.InvariantCulture))); break;
                default:
                    AppendText(value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }

        private void AppendText(string text)
        {
            if (text.IndexOf('"') >= 0) text = text.Replace("\"", "\"\"");
            Reserve(s_utf8.GetMaxByteCount(text.Length) + 2);
            _buffer[_length++] = (byte)'"';
            _length += s_utf8.GetBytes(text, 0, text.Length, _buffer, _length);
            _buffer[_length++] = (byte)'"';
        }

        private void AppendHex(byte[] bytes)
        {
            if (bytes.Length == 0) { Append((byte)'"'); Append((byte)'"'); return; }
            Reserve(bytes.Length * 2);
            foreach (var b in bytes)
            {
                _buffer[_length++] = s_hex[b >> 4];
                _buffer[_length++] = s_hex[b & 15];
            }
        }

        private void AppendInt64(long value)
        {
            Reserve(24);
            Utf8Formatter.TryFormat(value, new Span<byte>(_buffer, _length, 24), out var written);
            _length += written;
        }

        private void AppendUInt64(ulong value)
        {
            Reserve(24);
            Utf8Formatter.TryFormat(value, new Span<byte>(_buffer, _length, 24), out var written);
            _length += written;
        }

        private void AppendDateTime(object value, int fractionDigits, bool dateOnly)
        {
            int year, month, day, hour, minute, second, microsecond;
            if (value is DateTime dt)
            {
                year = dt.Year; month = dt.Month; day = dt.Day; hour = dt.Hour; minute = dt.Minute; second = dt.Second;
                microsecond = (int)(dt.Ticks % TimeSpan.TicksPerSecond / 10);
            }
            else if (value is MySqlDateTime m)
            {
                // Zero dates ('0000-00-00') only exist as MySqlDateTime; written the same way.
                year = m.Year; month = m.Month; day = m.Day; hour = m.Hour; minute = m.Minute; second = m.Second; microsecond = m.Microsecond;
            }
            else if (value is DateTimeOffset offset)
            {
                AppendDateTime(offset.DateTime, fractionDigits, dateOnly);
                return;
            }
            else
            {
                throw new FormatException($"Unexpected value of type {value.GetType().Name} in a date column.");
            }
            Reserve(32);
            Digits(year, 4); Append((byte)'-'); Digits(month, 2); Append((byte)'-'); Digits(day, 2);
            if (dateOnly) return;
            Append((byte)'T'); Digits(hour, 2); Append((byte)':'); Digits(minute, 2); Append((byte)':'); Digits(second, 2);
            Fraction(microsecond, fractionDigits);
        }

        private void AppendTime(TimeSpan value, int fractionDigits)
        {
            Reserve(32);
            if (value < TimeSpan.Zero) { Append((byte)'-'); value = value.Negate(); }
            var hours = (long)value.TotalHours;
            if (hours < 10) Append((byte)'0');
            AppendInt64(hours);
            Append((byte)':'); Digits(value.Minutes, 2); Append((byte)':'); Digits(value.Seconds, 2);
            Fraction((int)(value.Ticks % TimeSpan.TicksPerSecond / 10), fractionDigits);
        }

        private void Fraction(int microsecond, int fractionDigits)
        {
            if (fractionDigits <= 0) return;
            fractionDigits = Math.Min(6, fractionDigits);
            Append((byte)'.');
            var value = microsecond;
            for (var i = 6; i > fractionDigits; i--) value /= 10;
            Digits(value, fractionDigits);
        }

        private void Digits(int value, int width)
        {
            Reserve(width);
            for (var i = width - 1; i >= 0; i--)
            {
                _buffer[_length + i] = (byte)('0' + value % 10);
                value /= 10;
            }
            _length += width;
        }

        private void AppendAscii(string text)
        {
            Reserve(text.Length);
            for (var i = 0; i < text.Length; i++) _buffer[_length++] = (byte)text[i];
        }

        private void Append(byte[] bytes)
        {
            Reserve(bytes.Length);
            System.Buffer.BlockCopy(bytes, 0, _buffer, _length, bytes.Length);
            _length += bytes.Length;
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
