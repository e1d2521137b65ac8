using System;
using System.Text;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// A statement of a script as the text the connector sends. The connector takes text and
    /// sends it as UTF-8, so a statement that is not valid UTF-8 (binary values written as
    /// escaped <c>_binary'...'</c> literals, .rbk format 2, see docs/ARCHITECTURE.md) would lose
    /// bytes; those literals are sent as hex instead, which the server reads as the same bytes.
    /// </summary>
    internal static class StatementText
    {
        private static readonly byte[] s_introducer = Encoding.ASCII.GetBytes("_binary");
        private static readonly byte[] s_hexDigits = Encoding.ASCII.GetBytes("0123456789ABCDEF");

        /// <summary>The statement as text (see the class).</summary>
        public static string Decode(byte[] statement, int length)
        {
            byte[]? output = null, value = null;
            return Decode(statement, length, ref output, ref value);
        }

        /// <summary>
        /// The same with the caller's buffers for the rewritten statement and a literal's bytes,
        /// reused from statement to statement (a reader keeps them; null at first).
        /// </summary>
        public static string Decode(byte[] statement, int length, ref byte[]? output, ref byte[]? value)
        {
            // Checked, not caught: an exception per statement of recordings cost more than decoding it.
            if (IsUtf8(statement, 0, length)) return Encoding.UTF8.GetString(statement, 0, length);
            output ??= new byte[length + (length >> 1)];
            value ??= new byte[0];
            var rewritten = BinaryLiteralsAsHex(statement, length, ref output, ref value);
            if (IsUtf8(output, 0, rewritten)) return Encoding.UTF8.GetString(output, 0, rewritten);
            // Invalid bytes outside binary literals: replaced, as any client would.
            return Encoding.UTF8.GetString(statement, 0, length);
        }

        /// <summary>
        /// The statement with every _binary'...' literal whose bytes are not valid UTF-8 written as
        /// 0x hex, into <paramref name="output"/> (both buffers grown as needed); returns its length.
        /// </summary>
        private static int BinaryLiteralsAsHex(byte[] statement, int length, ref byte[] output, ref byte[] value)
        {
            var at = 0;
            var copied = 0;
            var i = 0;
            while (i < length)
            {
                var b = statement[i];
                if (b == '\'' || b == '"' || b == '`') { i = SkipQuoted(statement, length, i); continue; }
                if (b == '/' && i + 1 < length && statement[i + 1] == '*') { i = SkipComment(statement, length, i); continue; }
                if ((b == '_') && (i == 0 || !IsIdentifierByte(statement[i - 1])) && StartsWithIntroducer(statement, length, i))
                {
                    var quote = i + s_introducer.Length;
                    while (quote < length && statement[quote] == ' ') quote++;
                    if (quote < length && statement[quote] == '\'')
                    {
                        var end = Unescape(statement, length, quote, ref value, out var valueLength);
                        if (!IsUtf8(value, 0, valueLength))
                        {
                            Append(ref output, ref at, statement, copied, i - copied);
                            at = WriteHex(value, valueLength, ref output, at);
                            copied = end;
                        }
                        i = end;
                        continue;
                    }
                }
                i++;
            }
            Append(ref output, ref at, statement, copied, length - copied);
            return at;
        }

        private static bool IsUtf8(byte[] bytes, int start, int length) =>
            Binlog.StatementText.Utf8Length(bytes, start, start + length) == start + length;

        private static void Reserve(ref byte[] buffer, int length)
        {
            if (buffer.Length < length) Array.Resize(ref buffer, Math.Max(length, Math.Min(int.MaxValue / 2, buffer.Length) * 2));
        }

        private static void Append(ref byte[] output, ref int at, byte[] source, int offset, int count)
        {
            Reserve(ref output, at + count);
            Buffer.BlockCopy(source, offset, output, at, count);
            at += count;
        }

        private static bool StartsWithIntroducer(byte[] statement, int length, int at)
        {
            if (length - at <= s_introducer.Length) return false;
            for (var k = 0; k < s_introducer.Length; k++)
                if ((statement[at + k] | 0x20) != (s_introducer[k] | 0x20)) return false;
            return !IsIdentifierByte(statement[at + s_introducer.Length]);
        }

        private static bool IsIdentifierByte(byte b) =>
            b == '_' || b == '$' || (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || b >= 0x80;

        /// <summary>
        /// The offset after a quoted string's or identifier's closing quote (backslash escapes and
        /// doubled quotes inside), or <paramref name="length"/> when it has none.
        /// </summary>
        internal static int SkipQuoted(byte[] statement, int length, int at)
        {
            var quote = statement[at];
            var text = new ReadOnlySpan<byte>(statement, 0, length);
            var i = at + 1;
            while (i < length)
            {
                // Straight to the next quote or backslash: most of a row is inside its strings.
                var next = quote == '`' ? text.Slice(i).IndexOf(quote) : text.Slice(i).IndexOfAny(quote, (byte)'\\');
                if (next < 0) return length;
                i += next;
                if (statement[i] == '\\') { i += 2; continue; }
                if (i + 1 < length && statement[i + 1] == quote) { i += 2; continue; }
                return i + 1;
            }
            return length;
        }

        private static int SkipComment(byte[] statement, int length, int at)
        {
            for (var i = at + 2; i + 1 < length; i++)
                if (statement[i] == '*' && statement[i + 1] == '/') return i + 2;
            return length;
        }

        /// <summary>
        /// The bytes a '...' literal stands for (the server's escapes) into <paramref name="value"/>;
        /// returns the offset after its closing quote.
        /// </summary>
        private static int Unescape(byte[] statement, int length, int quote, ref byte[] value, out int valueLength)
        {
            // Unescaped, a literal is never longer than it is written.
            Reserve(ref value, length - quote);
            var n = 0;
            var i = quote + 1;
            while (i < length)
            {
                var b = statement[i];
                if (b == '\\' && i + 1 < length)
                {
                    value[n++] = EscapedByte(statement[i + 1]);
                    i += 2;
                    continue;
                }
                if (b == '\'')
                {
                    if (i + 1 < length && statement[i + 1] == '\'') { value[n++] = (byte)'\''; i += 2; continue; }
                    valueLength = n;
                    return i + 1;
                }
                value[n++] = b;
                i++;
            }
            valueLength = n;
            return length;
        }

        private static byte EscapedByte(byte b)
        {
            switch (b)
            {
                case (byte)'0': return 0;
                case (byte)'n': return (byte)'\n';
                case (byte)'r': return (byte)'\r';
                case (byte)'t': return (byte)'\t';
                case (byte)'b': return 8;
                case (byte)'Z': return 0x1a;
                default: return b;
            }
        }

        private static int WriteHex(byte[] value, int length, ref byte[] output, int at)
        {
            Reserve(ref output, at + 2 + 2 * length);
            output[at++] = (byte)'0';
            output[at++] = (byte)'x';
            for (var k = 0; k < length; k++)
            {
                output[at++] = s_hexDigits[value[k] >> 4];
                output[at++] = s_hexDigits[value[k] & 15];
            }
            return at;
        }
    }
}
