using System;
using System.Globalization;
using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// One decoded column value, without boxing: integers, temporals, bits, enums and sets in
    /// <see cref="Int"/>, floating point in <see cref="Double"/>, decimals in <see cref="Decimal"/>,
    /// text and bytes in <see cref="Reference"/>. <see cref="ToObject"/> gives the .NET value.
    /// Temporals: Date/DateTime hold YYYYMMDDhhmmss in Int and microseconds in Fraction;
    /// Timestamp holds Unix seconds and microseconds; Time holds signed total microseconds.
    /// </summary>
    public struct ColumnValue
    {
        public ColumnValueKind Kind;
        public int Fraction;
        public long Int;
        public double Double;
        public decimal Decimal;
        public object? Reference; // set for the kinds that say so above (text, bytes, JSON, geometry, vector, decimal text)

        public bool IsNull => Kind == ColumnValueKind.Null;
        public bool IsMissing => Kind == ColumnValueKind.Missing;

        /// <summary>The SRID of a GEOMETRY value (the 4 bytes before its WKB); 0 otherwise.</summary>
        public int GeometrySrid =>
            Kind == ColumnValueKind.Geometry && Reference is byte[] g && g.Length >= 4 ? BitConverter.ToInt32(g, 0) : 0;

        internal static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>The value as a plain .NET object (boxes; not for the hot path).
        /// Zero or invalid dates ('0000-00-00') come back as their text.</summary>
        public object? ToObject(string[]? names = null)
        {
            switch (Kind)
            {
                case ColumnValueKind.Missing:
                case ColumnValueKind.Null: return null;
                case ColumnValueKind.Int64: return Int;
                case ColumnValueKind.UInt64: return (ulong)Int;
                case ColumnValueKind.Single: return (float)Double;
                case ColumnValueKind.Double: return Double;
                case ColumnValueKind.Decimal: return Decimal;
                case ColumnValueKind.Bit: return (ulong)Int;
                case ColumnValueKind.Year: return (int)Int;
                case ColumnValueKind.Enum:
                    return names != null && Int > 0 && Int <= names.Length ? names[Int - 1] : (object)(int)Int;
                case ColumnValueKind.Set:
                    if (names == null) return (ulong)Int;
                    {
                        var sb = new StringBuilder();
                        for (var i = 0; i < names.Length && i < 64; i++)
                            if (((ulong)Int & (1UL << i)) != 0) { if (sb.Length > 0) sb.Append(','); sb.Append(names[i]); }
                        return sb.ToString();
                    }
                case ColumnValueKind.Date:
                case ColumnValueKind.DateTime:
                    return TryDateTime(out var dt) ? (object)dt : ToText();
                case ColumnValueKind.Timestamp:
                    return Epoch.AddTicks(Int * TimeSpan.TicksPerSecond + Fraction * 10L);
                case ColumnValueKind.Time:
                    return TimeSpan.FromTicks(Int * 10L);
                case ColumnValueKind.Geometry:
                    {
                        // Stored as a 4-byte SRID then WKB: give the WKB (SRID in GeometrySrid).
                        var g = (byte[])Reference!;
                        if (g.Length < 4) return g;
                        var wkb = new byte[g.Length - 4];
                        Buffer.BlockCopy(g, 4, wkb, 0, wkb.Length);
                        return wkb;
                    }
                case ColumnValueKind.Vector:
                    {
                        var b = (byte[])Reference!;
                        var f = new float[b.Length / 4];
                        for (var i = 0; i < f.Length; i++) f[i] = BitConverter.ToSingle(b, i * 4);
                        return f;
                    }
                default: return Reference;
            }
        }

        private bool TryDateTime(out DateTime value)
        {
            value = default;
            var v = Int;
            var second = (int)(v % 100); v /= 100;
            var minute = (int)(v % 100); v /= 100;
            var hour = (int)(v % 100); v /= 100;
            var day = (int)(v % 100); v /= 100;
            var month = (int)(v % 100); v /= 100;
            var year = (int)v;
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) return false;
            value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(Fraction * 10L);
            return true;
        }

        /// <summary>The value as readable text (no quotes), e.g. for CSV or comments.</summary>
        public string ToText(int fractionalDigits = -1)
        {
            switch (Kind)
            {
                case ColumnValueKind.Missing: return string.Empty;
                case ColumnValueKind.Null: return "NULL";
                case ColumnValueKind.Int64: return Int.ToString(CultureInfo.InvariantCulture);
                case ColumnValueKind.UInt64: case ColumnValueKind.Bit: case ColumnValueKind.Set:
                    return ((ulong)Int).ToString(CultureInfo.InvariantCulture);
                case ColumnValueKind.Enum: case ColumnValueKind.Year: return Int.ToString(CultureInfo.InvariantCulture);
                case ColumnValueKind.Single: return ((float)Double).ToString("R", CultureInfo.InvariantCulture);
                case ColumnValueKind.Double: return Double.ToString("R", CultureInfo.InvariantCulture);
                case ColumnValueKind.Decimal: return Decimal.ToString(CultureInfo.InvariantCulture);
                case ColumnValueKind.Date:
                    {
                        var d = Int / 1000000;
                        return $"{d / 10000:D4}-{d / 100 % 100:D2}-{d % 100:D2}";
                    }
                case ColumnValueKind.DateTime:
                    {
                        var d = Int / 1000000;
                        var t = Int % 1000000;
                        return $"{d / 10000:D4}-{d / 100 % 100:D2}-{d % 100:D2} {t / 10000:D2}:{t / 100 % 100:D2}:{t % 100:D2}"
                            + Fractional(Fraction, fractionalDigits);
                    }
                case ColumnValueKind.Timestamp:
                    return Int.ToString(CultureInfo.InvariantCulture) + Fractional(Fraction, fractionalDigits);
                case ColumnValueKind.Time:
                    {
                        var micro = Int;
                        var sign = micro < 0 ? "-" : string.Empty;
                        if (micro < 0) micro = -micro;
                        var seconds = micro / 1000000;
                        return $"{sign}{seconds / 3600:D2}:{seconds / 60 % 60:D2}:{seconds % 60:D2}"
                            + Fractional((int)(micro % 1000000), fractionalDigits);
                    }
                case ColumnValueKind.Bytes:
                case ColumnValueKind.Geometry:
                case ColumnValueKind.Vector:
                    {
                        var b = (byte[])Reference!;
                        var sb = new StringBuilder(2 + b.Length * 2).Append("0x");
                        foreach (var x in b) sb.Append(x.ToString("X2"));
                        return sb.ToString();
                    }
                default: return Reference?.ToString() ?? string.Empty;
            }
        }

        private static string Fractional(int micro, int digits)
        {
            if (digits == 0 || (digits < 0 && micro == 0)) return string.Empty;
            if (digits < 0) digits = 6;
            var text = micro.ToString("D6", CultureInfo.InvariantCulture);
            return "." + text.Substring(0, Math.Min(6, digits));
        }

        public override string ToString() => ToText();
    }
}
