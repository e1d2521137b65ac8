using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using Rostrvm.Core.Runtime;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// DECIMAL in MySQL's binary format (decimal2bin): groups of nine digits in four bytes,
    /// big-endian, leftover digits in 1-4 bytes, the sign bit inverted and negative numbers
    /// stored as the bitwise complement.
    /// </summary>
    internal static class BinaryDecimal
    {
        private static readonly int[] DigitBytes = { 0, 1, 1, 2, 2, 3, 3, 4, 4, 4 };

        public static int Size(int precision, int scale)
        {
            var intg = precision - scale;
            return (intg / 9) * 4 + DigitBytes[intg % 9] + (scale / 9) * 4 + DigitBytes[scale % 9];
        }

        private static uint ReadGroup(byte[] data, int offset, int size, byte mask)
        {
            uint v = 0;
            for (var i = 0; i < size; i++)
            {
                var b = data[offset + i];
                if (i == 0 && offset == -1) b ^= 0x80;
                v = (v << 8) | (byte)(b ^ mask);
            }
            return v;
        }

        /// <summary>Decodes into a System.Decimal when the value fits (28 digits), else returns false.</summary>
        [MethodImpl(HotPathOptions.Hot)]
        public static bool TryDecode(byte[] data, int offset, int precision, int scale, out decimal value,
            [NotNullWhen(false)] out string? text)
        {
            text = null;
            var size = Size(precision, scale);
            if (offset + size > data.Length) throw new EventDecodeException("decimal value runs past the end of the event");
            var negative = (data[offset] & 0x80) == 0;
            var mask = negative ? (byte)0xFF : (byte)0;
            // Work on a copy of the first byte with the sign bit restored.
            var first = data[offset];
            data[offset] ^= 0x80;
            try
            {
                var intg = precision - scale;
                var pos = offset;
                decimal result = 0;
                var leading = DigitBytes[intg % 9];
                if (precision > 28)
                {
                    value = 0;
                    text = Text(data, offset, precision, scale, negative, mask);
                    return false;
                }
                if (precision <= 18)
                {
                    // Fast path: the whole value fits a long (digits = precision <= 18).
                    long whole = 0;
                    if (leading > 0) { whole = ReadGroup(data, pos, leading, mask); pos += leading; }
                    for (var i = 0; i < intg / 9; i++) { whole = whole * 1000000000L + ReadGroup(data, pos, 4, mask); pos += 4; }
                    for (var i = 0; i < scale / 9; i++) { whole = whole * 1000000000L + ReadGroup(data, pos, 4, mask); pos += 4; }
                    var tail = DigitBytes[scale % 9];
                    if (tail > 0)
                    {
                        var g = ReadGroup(data, pos, tail, mask);
                        for (var i = 0; i < scale % 9; i++) whole *= 10;
                        whole += g;
                    }
                    value = new decimal((int)(whole & 0xFFFFFFFF), (int)(whole >> 32), 0, negative, (byte)scale);
                    return true;
                }
                if (leading > 0) { result = ReadGroup(data, pos, leading, mask); pos += leading; }
                for (var i = 0; i < intg / 9; i++) { result = result * 1000000000m + ReadGroup(data, pos, 4, mask); pos += 4; }
                decimal frac = 0;
                var fracDigits = 0;
                for (var i = 0; i < scale / 9; i++)
                {
                    frac = frac * 1000000000m + ReadGroup(data, pos, 4, mask);
                    pos += 4;
                    fracDigits += 9;
                }
                var trailing = DigitBytes[scale % 9];
                if (trailing > 0)
                {
                    var digits = scale % 9;
                    var g = ReadGroup(data, pos, trailing, mask);
                    for (var i = 0; i < digits; i++) frac *= 10;
                    frac += g;
                    fracDigits += digits;
                }
                if (fracDigits > 0)
                {
                    // result + frac / 10^fracDigits, keeping the declared scale.
                    var scaled = result;
                    for (var i = 0; i < fracDigits; i++) scaled *= 10;
                    scaled += frac;
                    var bits = decimal.GetBits(scaled);
                    value = new decimal(bits[0], bits[1], bits[2], negative, (byte)fracDigits);
                }
                else
                {
                    value = negative ? -result : result;
                }
                return true;
            }
            finally
            {
                data[offset] = first;
            }
        }

        private static string Text(byte[] data, int offset, int precision, int scale, bool negative, byte mask)
        {
            var intg = precision - scale;
            var pos = offset;
            var sb = new StringBuilder();
            if (negative) sb.Append('-');
            var intText = new StringBuilder();
            var leading = DigitBytes[intg % 9];
            if (leading > 0) { intText.Append(ReadGroup(data, pos, leading, mask)); pos += leading; }
            for (var i = 0; i < intg / 9; i++) { intText.Append(ReadGroup(data, pos, 4, mask).ToString("D9")); pos += 4; }
            var ip = intText.ToString().TrimStart('0');
            sb.Append(ip.Length == 0 ? "0" : ip);
            if (scale > 0)
            {
                sb.Append('.');
                for (var i = 0; i < scale / 9; i++) { sb.Append(ReadGroup(data, pos, 4, mask).ToString("D9")); pos += 4; }
                var trailing = DigitBytes[scale % 9];
                if (trailing > 0) sb.Append(ReadGroup(data, pos, trailing, mask).ToString("D" + (scale % 9)));
            }
            return sb.ToString();
        }

        /// <summary>The value as text with exactly <paramref name="scale"/> decimals.</summary>
        public static string ToText(byte[] data, int offset, int precision, int scale)
        {
            var copy = new byte[Size(precision, scale)];
            Buffer.BlockCopy(data, offset, copy, 0, Math.Min(copy.Length, data.Length - offset));
            var negative = (copy[0] & 0x80) == 0;
            copy[0] ^= 0x80;
            return Text(copy, 0, precision, scale, negative, negative ? (byte)0xFF : (byte)0);
        }
    }
}
