using System;
using System.IO;
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
        private static readonly UTF8Encoding s_strict = new UTF8Encoding(false, true);
        private static readonly byte[] s_introducer = Encoding.ASCII.GetBytes("_binary");
        private static readonly byte[] s_hexDigits = Encoding.ASCII.GetBytes("0123456789ABCDEF");

        public static string Decode(byte[] statement, int length)
        {
            try { return s_strict.GetString(statement, 0, length); }
            catch (DecoderFallbackException) { }
            var rewritten = BinaryLiteralsAsHex(statement, length);
            try { return s_strict.GetString(rewritten, 0, rewritten.Length); }
            // Invalid bytes outside binary literals: replaced, as any client would.
            catch (DecoderFallbackException) { return Encoding.UTF8.GetString(statement, 0, length); }
        }

        /// <summary>The statement with every _binary'...' literal whose bytes are not valid UTF-8 written as 0x hex.</summary>
        internal static byte[] BinaryLiteralsAsHex(byte[] statement, int length)
        {
            var output = new MemoryStream(length * 2);
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
                        var value = new MemoryStream();
                        var end = Unescape(statement, length, quote, value);
                        if (!IsUtf8(value))
                        {
                            output.Write(statement, copied, i - copied);
                            WriteHex(value, output);
                            copied = end;
                        }
                        i = end;
                        continue;
                    }
                }
                i++;
            }
            output.Write(statement, copied, length - copied);
            return output.ToArray();
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

        /// <summary>The offset after a quoted string's or identifier's closing quote (the end of the statement when it has none).</summary>
        private static int SkipQuoted(byte[] statement, int length, int at)
        {
            var quote = statement[at];
            var i = at + 1;
            while (i < length)
            {
                var b = statement[i];
                if (b == '\\' && quote != '`') { i += 2; continue; }
                if (b == quote)
                {
                    if (i + 1 < length && statement[i + 1] == quote) { i += 2; continue; }
                    return i + 1;
                }
                i++;
            }
            return length;
        }

        private static int SkipComment(byte[] statement, int length, int at)
        {
            for (var i = at + 2; i + 1 < length; i++)
                if (statement[i] == '*' && statement[i + 1] == '/') return i + 2;
            return length;
        }

        /// <summary>The bytes a '...' literal stands for (the server's escapes); returns the offset after its closing quote.</summary>
        private static int Unescape(byte[] statement, int length, int quote, MemoryStream value)
        {
            var i = quote + 1;
            while (i < length)
            {
                var b = statement[i];
                if (b == '\\' && i + 1 < length)
                {
                    value.WriteByte(EscapedByte(statement[i + 1]));
                    i += 2;
                    continue;
                }
                if (b == '\'')
                {
                    if (i + 1 < length && statement[i + 1] == '\'') { value.WriteByte((byte)'\''); i += 2; continue; }
                    return i + 1;
                }
                value.WriteByte(b);
                i++;
            }
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

        private static bool IsUtf8(MemoryStream value)
        {
            try
            {
                s_strict.GetCharCount(value.GetBuffer(), 0, (int)value.Length);
                return true;
            }
            catch (DecoderFallbackException) { return false; }
        }

        private static void WriteHex(MemoryStream value, MemoryStream output)
        {
            var bytes = value.GetBuffer();
            output.WriteByte((byte)'0');
            output.WriteByte((byte)'x');
            for (var k = 0; k < value.Length; k++)
            {
                output.WriteByte(s_hexDigits[bytes[k] >> 4]);
                output.WriteByte(s_hexDigits[bytes[k] & 15]);
            }
        }
    }
}
