using System;
using System.Globalization;
using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// A decoded row value (as <see cref="ColumnValue.ToObject"/> gives it) as a SQL literal that
    /// reads back to the same value in any sql_mode: text with a backslash or control character,
    /// and all bytes, go as hex; doubles as exact E-notation (a plain decimal literal would be a
    /// DECIMAL); temporals with every microsecond. TIMESTAMP values are UTC: the session that
    /// runs the literal sets time_zone='+00:00'. (<see cref="RowText"/> is mariadb-binlog -v's
    /// text for people, not SQL.)
    /// </summary>
    public static class SqlLiteral
    {
        public static string Of(object? value)
        {
            switch (value)
            {
                case null: return "NULL";
                case string s: return Text(s);
                case byte[] b: return Hex(b);
                case long l: return l.ToString(CultureInfo.InvariantCulture);
                case ulong u: return u.ToString(CultureInfo.InvariantCulture);
                case int i: return i.ToString(CultureInfo.InvariantCulture);
                case decimal d: return d.ToString(CultureInfo.InvariantCulture);
                case float f: return Double(f);
                case double d: return Double(d);
                case DateTime t: return "'" + t.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss"
                    : "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";
                case TimeSpan span: return Time(span);
                default:
                    throw new NotSupportedException($"A value of type {value.GetType().Name} cannot be written as a SQL literal.");
            }
        }

        private static string Double(double d)
        {
            var g = d.ToString("G17", CultureInfo.InvariantCulture);
            return g.IndexOf('E') < 0 ? g + "E0" : g;
        }

        private static string Text(string s)
        {
            foreach (var c in s)
                if (c < 0x20 || c == '\\' || c == 0x7F) return "_utf8mb4 " + Hex(Encoding.UTF8.GetBytes(s));
            return "'" + s.Replace("'", "''") + "'";
        }

        private static string Hex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2 + 3).Append("X'");
            foreach (var b in bytes) sb.Append(b.ToString("X2", CultureInfo.InvariantCulture));
            return sb.Append('\'').ToString();
        }

        private static string Time(TimeSpan span)
        {
            var sign = span < TimeSpan.Zero ? "-" : "";
            if (span < TimeSpan.Zero) span = span.Negate();
            var micro = span.Ticks / 10 % 1000000;
            var text = $"{sign}{(long)span.TotalHours:D2}:{span.Minutes:D2}:{span.Seconds:D2}";
            return "'" + (micro == 0 ? text : text + "." + micro.ToString("D6", CultureInfo.InvariantCulture)) + "'";
        }
    }
}
