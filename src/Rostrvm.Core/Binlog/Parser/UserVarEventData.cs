using System;
using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>A user variable the next statement reads.</summary>
    public sealed class UserVarEventData : EventData
    {
        public const byte StringType = 0, RealType = 1, IntType = 2, RowType = 3, DecimalType = 4;

        public string Name { get; private set; } = "";
        public bool IsNull { get; private set; }
        public byte ValueType { get; private set; }
        public uint Charset { get; private set; }
        /// <summary>The value's bytes; null when <see cref="IsNull"/>.</summary>
        public byte[]? Value { get; private set; }
        public bool IsUnsigned { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            var data = new UserVarEventData();
            data.Name = r.ReadString((int)r.ReadUInt32());
            data.IsNull = r.ReadByte() != 0;
            if (!data.IsNull)
            {
                data.ValueType = r.ReadByte();
                data.Charset = r.ReadUInt32();
                data.Value = r.ReadBytes((int)r.ReadUInt32()).ToArray();
                if (!r.AtEnd) data.IsUnsigned = (r.ReadByte() & 1) != 0;
            }
            return data;
        }

        /// <summary>
        /// The value as a SQL expression of the same type and value, so that arithmetic and
        /// CONCAT on the variable give what they gave: REAL as a DOUBLE literal that reads back
        /// to the same double (mysqlbinlog prints 14 digits, a DECIMAL), DECIMAL with its scale,
        /// an unsigned INT as UNSIGNED, a string as its bytes with its character set and collation.
        /// </summary>
        public string ToSqlExpression()
        {
            if (IsNull || Value == null) return "NULL"; // Value is null exactly when IsNull
            switch (ValueType)
            {
                case RealType:
                    return DoubleLiteral(BitConverter.ToDouble(Value, 0));
                case IntType:
                    {
                        var v = BitConverter.ToInt64(Value, 0);
                        if (IsUnsigned)
                            return "CAST(" + ((ulong)v).ToString(System.Globalization.CultureInfo.InvariantCulture) + " AS UNSIGNED)";
                        // -9223372036854775808 would be the negation of an unsigned literal.
                        return v == long.MinValue
                            ? "CAST(-9223372036854775808 AS SIGNED)"
                            : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                case DecimalType:
                    {
                        if (Value.Length < 2) return "NULL";
                        var precision = Value[0];
                        var scale = Value[1];
                        return BinaryDecimal.ToText(Value, 2, precision, scale);
                    }
                default:
                    {
                        var hex = new StringBuilder(Value.Length * 2 + 48);
                        var collation = Charsets.CollationName((int)Charset);
                        var charset = Charsets.CharsetOfCollation((int)Charset);
                        if (charset != null) hex.Append("_").Append(charset).Append(' ');
                        hex.Append("X'");
                        foreach (var b in Value) hex.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                        hex.Append('\'');
                        if (collation != null) hex.Append(" COLLATE `").Append(collation).Append('`');
                        return hex.ToString();
                    }
            }
        }

        /// <summary>A DOUBLE literal (with an exponent, so never read as DECIMAL) that reads back to exactly
        /// <paramref name="value"/>.</summary>
        public static string DoubleLiteral(double value)
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            // "R" is not always shortest-exact on .NET Framework: fall back to 17 digits when it does not read back.
            var text = value.ToString("R", inv);
            if (double.Parse(text, inv) != value || (value == 0 && 1 / value < 0 && !text.StartsWith("-", StringComparison.Ordinal)))
                text = value.ToString("G17", inv);
            var sign = string.Empty;
            if (text.StartsWith("-", StringComparison.Ordinal)) { sign = "-"; text = text.Substring(1); }
            var exponent = 0;
            var e = text.IndexOfAny(new[] { 'E', 'e' });
            if (e >= 0)
            {
                exponent = int.Parse(text.Substring(e + 1), System.Globalization.NumberStyles.AllowLeadingSign, inv);
                text = text.Substring(0, e);
            }
            var dot = text.IndexOf('.');
            var digits = dot < 0 ? text : text.Remove(dot, 1);
            var pointAt = dot < 0 ? text.Length : dot;
            var first = 0;
            while (first < digits.Length - 1 && digits[first] == '0') first++;
            exponent += pointAt - first - 1;
            digits = digits.Substring(first).TrimEnd('0');
            if (digits.Length == 0) return sign + "0E0";
            var mantissa = digits.Length == 1 ? digits : digits.Substring(0, 1) + "." + digits.Substring(1);
            return sign + mantissa + "E" + exponent.ToString(inv);
        }
    }
}
