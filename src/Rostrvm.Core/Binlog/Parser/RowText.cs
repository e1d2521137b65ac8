using System.Globalization;
using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Row values as text in the style of <c>mariadb-binlog -v</c> (log_event_client.cc,
    /// log_event_print_value): the decoded comments of an exported script, and the reference the
    /// tests compare with.
    /// </summary>
    public static class RowText
    {
        public static string Format(ColumnValue v, TableMapEventData map, int column)
        {
            var type = map.RealTypes[column];
            var meta = map.Metadata[column];
            switch (v.Kind)
            {
                case ColumnValueKind.Missing: return string.Empty;
                case ColumnValueKind.Null: return "NULL";
                case ColumnValueKind.Int64:
                case ColumnValueKind.UInt64:
                    {
                        var width = type == ColumnType.Tiny ? 8 : type == ColumnType.Short ? 16
                            : type == ColumnType.Int24 ? 24 : type == ColumnType.Long ? 32 : 64;
                        var signed = width == 64 ? v.Int : (v.Int << (64 - width)) >> (64 - width);
                        var text = signed.ToString(CultureInfo.InvariantCulture);
                        if (signed < 0)
                        {
                            var unsigned = width == 64 ? (ulong)v.Int : (ulong)v.Int & ((1UL << width) - 1);
                            text += " (" + unsigned.ToString(CultureInfo.InvariantCulture) + ")";
                        }
                        return text;
                    }
                case ColumnValueKind.Single: return CFormat.G(v.Double, 6);
                case ColumnValueKind.Double: return CFormat.G(v.Double, 20);
                case ColumnValueKind.Decimal: return v.Decimal.ToString("F" + (meta & 0xFF), CultureInfo.InvariantCulture);
                case ColumnValueKind.DecimalText: return (string)v.Reference!;
                case ColumnValueKind.Year: return v.Int.ToString(CultureInfo.InvariantCulture);
                case ColumnValueKind.Enum: return v.Int.ToString(CultureInfo.InvariantCulture);
                case ColumnValueKind.Bit:
                case ColumnValueKind.Set:
                    {
                        var bits = v.Fraction;
                        var sb = new StringBuilder(bits + 3).Append("b'");
                        for (var i = bits - 1; i >= 0; i--) sb.Append(((ulong)v.Int >> i & 1) == 1 ? '1' : '0');
                        return sb.Append('\'').ToString();
                    }
                case ColumnValueKind.Date:
                    {
                        var d = v.Int / 1000000;
                        return $"'{d / 10000:D4}:{d / 100 % 100:D2}:{d % 100:D2}'";
                    }
                case ColumnValueKind.DateTime:
                    return "'" + v.ToText(type == ColumnType.DateTime2 ? meta : 0) + "'";
                case ColumnValueKind.Timestamp:
                    return v.ToText(type == ColumnType.Timestamp2 ? meta : 0);
                case ColumnValueKind.Time:
                    return "'" + v.ToText(type == ColumnType.Time2 ? meta : 0) + "'";
                case ColumnValueKind.String:
                    return Quoted(Encoding.UTF8.GetBytes((string)v.Reference!));
                case ColumnValueKind.Bytes:
                case ColumnValueKind.Geometry:
                case ColumnValueKind.Vector:
                    return Quoted((byte[])v.Reference!);
                case ColumnValueKind.Json:
                case ColumnValueKind.JsonDiff:
                    return Quoted(Encoding.UTF8.GetBytes((string)v.Reference!));
                default:
                    return v.ToText();
            }
        }

        /// <summary>my_b_write_quoted: bytes above 0x1F as they are, the rest as \xNN.</summary>
        public static string Quoted(byte[] bytes)
        {
            var output = new System.IO.MemoryStream(bytes.Length + 2);
            output.WriteByte((byte)'\'');
            foreach (var b in bytes)
            {
                if (b > 0x1F) output.WriteByte(b);
                else
                {
                    var hex = Encoding.ASCII.GetBytes("\\x" + b.ToString("x2"));
                    output.Write(hex, 0, hex.Length);
                }
            }
            output.WriteByte((byte)'\'');
            return Encoding.UTF8.GetString(output.ToArray());
        }
    }
}
