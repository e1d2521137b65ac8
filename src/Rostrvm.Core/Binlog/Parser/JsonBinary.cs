using System;
using System.Globalization;
using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// MySQL's binary JSON (sql-common/json_binary.cc) to JSON text, in the server's own style
    /// (<c>{"a": 1, "b": [1, 2]}</c>), and the partial-update diffs of Partial_update_rows.
    /// https://dev.mysql.com/doc/dev/mysql-server/latest/json__binary_8h.html
    /// </summary>
    internal static class JsonBinary
    {
        private const byte SmallObject = 0x00, LargeObject = 0x01, SmallArray = 0x02, LargeArray = 0x03,
            Literal = 0x04, Int16 = 0x05, UInt16 = 0x06, Int32 = 0x07, UInt32 = 0x08, Int64 = 0x09,
            UInt64 = 0x0A, Double = 0x0B, String = 0x0C, Opaque = 0x0F;

        public static string ToJson(byte[] data, int offset, int length)
        {
            if (length == 0) return "null"; // MySQL writes an empty value for a JSON NULL literal in some paths
            var sb = new StringBuilder(length + 16);
            Value(sb, data, data[offset], offset + 1, offset + length);
            return sb.ToString();
        }

        private static void Check(int pos, int count, int end)
        {
            if (pos < 0 || pos + count > end) throw new EventDecodeException("JSON value runs past the end of its column");
        }

        private static void Value(StringBuilder sb, byte[] data, byte type, int pos, int end)
        {
            switch (type)
            {
                case SmallObject: Container(sb, data, pos, end, isObject: true, large: false); break;
                case LargeObject: Container(sb, data, pos, end, isObject: true, large: true); break;
                case SmallArray: Container(sb, data, pos, end, isObject: false, large: false); break;
                case LargeArray: Container(sb, data, pos, end, isObject: false, large: true); break;
                case Literal:
                    Check(pos, 1, end);
                    sb.Append(data[pos] == 1 ? "true" : data[pos] == 2 ? "false" : "null");
                    break;
                case Int16: Check(pos, 2, end); sb.Append(BitConverter.ToInt16(data, pos).ToString(CultureInfo.InvariantCulture)); break;
                case UInt16: Check(pos, 2, end); sb.Append(BitConverter.ToUInt16(data, pos).ToString(CultureInfo.InvariantCulture)); break;
                case Int32: Check(pos, 4, end); sb.Append(BitConverter.ToInt32(data, pos).ToString(CultureInfo.InvariantCulture)); break;
                case UInt32: Check(pos, 4, end); sb.Append(BitConverter.ToUInt32(data, pos).ToString(CultureInfo.InvariantCulture)); break;
                case Int64: Check(pos, 8, end); sb.Append(BitConverter.ToInt64(data, pos).ToString(CultureInfo.InvariantCulture)); break;
                case UInt64: Check(pos, 8, end); sb.Append(BitConverter.ToUInt64(data, pos).ToString(CultureInfo.InvariantCulture)); break;
                case Double: Check(pos, 8, end); sb.Append(FormatDouble(BitConverter.ToDouble(data, pos))); break;
                case String:
                    {
                        var len = VarLength(data, ref pos, end);
                        Check(pos, len, end);
                        Quote(sb, Encoding.UTF8.GetString(data, pos, len));
                        break;
                    }
                case Opaque:
                    {
                        Check(pos, 1, end);
                        var fieldType = (ColumnType)data[pos++];
                        var len = VarLength(data, ref pos, end);
                        Check(pos, len, end);
                        OpaqueValue(sb, data, fieldType, pos, len);
                        break;
                    }
                default:
                    throw new EventDecodeException($"unknown JSON value type 0x{type:X2}");
            }
        }

        private static void Container(StringBuilder sb, byte[] data, int start, int end, bool isObject, bool large)
        {
            var size = large ? 4 : 2;
            Check(start, 2 * size, end);
            var count = large ? (int)BitConverter.ToUInt32(data, start) : BitConverter.ToUInt16(data, start);
            var bytes = large ? (int)BitConverter.ToUInt32(data, start + size) : BitConverter.ToUInt16(data, start + size);
            var containerEnd = Math.Min(end, start + bytes);
            var keyEntry = start + 2 * size;
            var valueEntry = keyEntry + (isObject ? count * (size + 2) : 0);
            var valueEntrySize = 1 + size;
            sb.Append(isObject ? '{' : '[');
            for (var i = 0; i < count; i++)
            {
                if (i > 0) sb.Append(", ");
                if (isObject)
                {
                    var ke = keyEntry + i * (size + 2);
                    Check(ke, size + 2, containerEnd);
                    var keyOffset = large ? (int)BitConverter.ToUInt32(data, ke) : BitConverter.ToUInt16(data, ke);
                    var keyLength = BitConverter.ToUInt16(data, ke + size);
                    Check(start + keyOffset, keyLength, containerEnd);
                    Quote(sb, Encoding.UTF8.GetString(data, start + keyOffset, keyLength));
                    sb.Append(": ");
                }
                var ve = valueEntry + i * valueEntrySize;
                Check(ve, valueEntrySize, containerEnd);
                var type = data[ve];
                if (IsInlined(type, large))
                {
                    Value(sb, data, type, ve + 1, ve + 1 + size);
                }
                else
                {
                    var valueOffset = large ? (int)BitConverter.ToUInt32(data, ve + 1) : BitConverter.ToUInt16(data, ve + 1);
                    Value(sb, data, type, start + valueOffset, containerEnd);
                }
            }
            sb.Append(isObject ? '}' : ']');
        }

        private static bool IsInlined(byte type, bool large)
        {
            switch (type)
            {
                case Literal: case Int16: case UInt16: return true;
                case Int32: case UInt32: return large;
                default: return false;
            }
        }

        private static int VarLength(byte[] data, ref int pos, int end)
        {
            var length = 0;
            for (var i = 0; i < 5; i++)
            {
                Check(pos, 1, end);
                var b = data[pos++];
                length |= (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) return length;
            }
            throw new EventDecodeException("JSON length is not a valid variable-length integer");
        }

        private static void OpaqueValue(StringBuilder sb, byte[] data, ColumnType fieldType, int pos, int len)
        {
            switch (fieldType)
            {
                case ColumnType.NewDecimal when len >= 2:
                    sb.Append(BinaryDecimal.ToText(data, pos + 2, data[pos], data[pos + 1]));
                    return;
                case ColumnType.Date when len >= 8:
                case ColumnType.DateTime when len >= 8:
                case ColumnType.Timestamp when len >= 8:
                case ColumnType.Time when len >= 8:
                    {
                        // A packed temporal value (my_time_packed): int part << 24 | microseconds.
                        var packed = BitConverter.ToInt64(data, pos);
                        var negative = packed < 0;
                        if (negative) packed = -packed;
                        var micro = packed & 0xFFFFFF;
                        var intPart = packed >> 24;
                        string text;
                        if (fieldType == ColumnType.Time)
                        {
                            var hms = intPart;
                            text = $"{(negative ? "-" : "")}{(hms >> 12) % 1024:D2}:{(hms >> 6) % 64:D2}:{hms % 64:D2}";
                        }
                        else
                        {
                            var ymd = intPart >> 17;
                            var ym = ymd >> 5;
                            var hms = intPart % (1 << 17);
                            text = $"{ym / 13:D4}-{ym % 13:D2}-{ymd % 32:D2}";
                            if (fieldType != ColumnType.Date) text += $" {hms >> 12:D2}:{(hms >> 6) % 64:D2}:{hms % 64:D2}";
                        }
                        if (micro != 0 && fieldType != ColumnType.Date) text += "." + micro.ToString("D6", CultureInfo.InvariantCulture);
                        sb.Append('"').Append(text).Append('"');
                        return;
                    }
                default:
                    sb.Append("\"base64:type").Append((int)fieldType).Append(':')
                        .Append(Convert.ToBase64String(data, pos, len)).Append('"');
                    return;
            }
        }

        internal static string FormatDouble(double d)
        {
            var s = d.ToString("R", CultureInfo.InvariantCulture);
            if (s.IndexOf('E') >= 0) s = s.Replace("E+", "e").Replace("E", "e");
            else if (s.IndexOf('.') < 0 && !double.IsInfinity(d) && !double.IsNaN(d)) s += ".0";
            return s;
        }

        internal static void Quote(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4"));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }

        /// <summary>
        /// The JSON diffs of a partial update (binlog_row_value_options=PARTIAL_JSON) as the
        /// expression mysqlbinlog prints: JSON_INSERT(JSON_REPLACE(@2, '$.a', 1), '$.b', 2).
        /// Each diff: operation byte (0 replace, 1 insert, 2 remove), path, and for 0/1 a value.
        /// </summary>
        public static string DiffsToText(byte[] data, int offset, int length, string column)
        {
            var end = offset + length;
            var pos = offset;
            var expression = column;
            while (pos < end)
            {
                var op = data[pos++];
                var reader = new EventBodyReader(new ReadOnlySpan<byte>(data, pos, end - pos));
                var pathLength = reader.ReadPackedLength();
                var path = reader.ReadString(pathLength);
                pos += reader.Offset;
                string function;
                switch (op)
                {
                    case 0: function = "JSON_REPLACE"; break;
                    case 1: function = "JSON_INSERT"; break;
                    case 2: function = "JSON_REMOVE"; break;
                    default: throw new EventDecodeException($"unknown JSON diff operation {op}");
                }
                var sb = new StringBuilder();
                sb.Append(function).Append('(').Append(expression).Append(", '").Append(path.Replace("'", "''")).Append('\'');
                if (op != 2)
                {
                    reader = new EventBodyReader(new ReadOnlySpan<byte>(data, pos, end - pos));
                    var valueLength = reader.ReadPackedLength();
                    pos += reader.Offset;
                    Check(pos, valueLength, end);
                    var json = ToJson(data, pos, valueLength);
                    pos += valueLength;
                    sb.Append(", CAST('").Append(json.Replace("\\", "\\\\").Replace("'", "''")).Append("' AS JSON)");
                }
                sb.Append(')');
                expression = sb.ToString();
            }
            return expression;
        }
    }
}
