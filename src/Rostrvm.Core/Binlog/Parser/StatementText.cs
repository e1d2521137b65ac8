using System;
using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// What the server knows about the bytes of a statement in a character set: where a
    /// multi-byte character starts (so a trailing 0x5C of Shift-JIS, GBK or Big5 is not taken
    /// for a backslash), whether bytes are well formed, and how to show them to a person
    /// (sequences that are no character are written as \xFF, so nothing is silently replaced).
    /// </summary>
    public static class StatementText
    {
        /// <summary>The length of the multi-byte character at <paramref name="i"/>, or 1 (the server's my_ismbchar).</summary>
        public static int CharLength(byte[] b, int i, int end, string? charset)
        {
            var c = b[i];
            if (c < 0x80 || i + 1 >= end) return 1;
            var t = b[i + 1];
            switch (charset)
            {
                case "sjis":
                case "cp932":
                    return ((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC))
                        && ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFC)) ? 2 : 1;
                case "gbk":
                    return c >= 0x81 && c <= 0xFE && ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE)) ? 2 : 1;
                case "big5":
                    return c >= 0xA1 && c <= 0xF9 && ((t >= 0x40 && t <= 0x7E) || (t >= 0xA1 && t <= 0xFE)) ? 2 : 1;
                case "gb18030":
                    if (c < 0x81 || c > 0xFE) return 1;
                    if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE)) return 2;
                    return t >= 0x30 && t <= 0x39 && i + 3 < end && b[i + 2] >= 0x81 && b[i + 2] <= 0xFE
                        && b[i + 3] >= 0x30 && b[i + 3] <= 0x39 ? 4 : 1;
                default:
                    // Other character sets never have an ASCII byte inside a character.
                    return 1;
            }
        }

        /// <summary>
        /// True when the bytes are well formed in the character set, as far as this reader can
        /// tell (UTF-8 strictly, the structure of Shift-JIS/GBK/Big5; single-byte sets always).
        /// </summary>
        public static bool IsWellFormed(byte[] b, int start, int end, string? charset)
        {
            if (Charsets.IsUtf8(charset)) return Utf8Length(b, start, end, charset == "utf8mb4") == end - start;
            switch (charset)
            {
                case "sjis":
                case "cp932":
                case "gbk":
                case "big5":
                    for (var i = start; i < end;)
                    {
                        var c = b[i];
                        if (c < 0x80 || ((charset == "sjis" || charset == "cp932") && c >= 0xA1 && c <= 0xDF)) { i++; continue; }
                        var n = CharLength(b, i, end, charset);
                        if (n == 1) return false;
                        i += n;
                    }
                    return true;
                default:
                    return true;
            }
        }

        /// <summary>
        /// The length of the longest prefix of strict UTF-8 (no overlong forms, surrogates or
        /// values above U+10FFFF; four-byte characters only when <paramref name="allowFourBytes"/>).
        /// </summary>
        public static int Utf8Length(byte[] b, int start, int end, bool allowFourBytes = true)
        {
            var i = start;
            while (i < end)
            {
                var n = Utf8CharLength(b, i, end, allowFourBytes);
                if (n == 0) break;
                i += n;
            }
            return i - start;
        }

        private static int Utf8CharLength(byte[] b, int i, int end, bool allowFourBytes)
        {
            var c = b[i];
            if (c < 0x80) return 1;
            if (c >= 0xC2 && c <= 0xDF) return i + 1 < end && IsContinuation(b[i + 1]) ? 2 : 0;
            if (c >= 0xE0 && c <= 0xEF)
            {
                if (i + 2 >= end || !IsContinuation(b[i + 1]) || !IsContinuation(b[i + 2])) return 0;
                if (c == 0xE0 && b[i + 1] < 0xA0) return 0; // overlong
                if (c == 0xED && b[i + 1] >= 0xA0) return 0; // surrogate
                return 3;
            }
            if (allowFourBytes && c >= 0xF0 && c <= 0xF4)
            {
                if (i + 3 >= end || !IsContinuation(b[i + 1]) || !IsContinuation(b[i + 2]) || !IsContinuation(b[i + 3])) return 0;
                if (c == 0xF0 && b[i + 1] < 0x90) return 0; // overlong
                if (c == 0xF4 && b[i + 1] >= 0x90) return 0; // above U+10FFFF
                return 4;
            }
            return 0;
        }

        private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

        /// <summary>True when every byte is ASCII.</summary>
        public static bool IsAscii(byte[] b, int start, int end)
        {
            for (var i = start; i < end; i++) if (b[i] >= 0x80) return false;
            return true;
        }

        /// <summary>The bytes as text for a person: characters of the set, and \xNN for each byte that is no character.</summary>
        public static string Display(byte[] b, int start, int end, string? charset)
        {
            if (end <= start) return string.Empty;
            if (IsAscii(b, start, end)) return Encoding.ASCII.GetString(b, start, end - start);
            if (charset == null || Charsets.IsUtf8(charset)) return DisplayUtf8(b, start, end, charset != "utf8mb3");
            if (charset == "latin1") return DisplayLatin1(b, start, end);
            var encoding = EncodingFor(charset);
            if (encoding == null)
            {
                var sb = new StringBuilder(end - start);
                for (var i = start; i < end; i++) Escape(sb, b[i]);
                return sb.ToString();
            }
            return encoding.GetString(b, start, end - start);
        }

        public static string Display(byte[]? b, string? charset) => b == null ? string.Empty : Display(b, 0, b.Length, charset);

        private static string DisplayUtf8(byte[] b, int start, int end, bool allowFourBytes)
        {
            var sb = new StringBuilder(end - start);
            var i = start;
            while (i < end)
            {
                var valid = Utf8Length(b, i, end, allowFourBytes);
                if (valid > 0) { sb.Append(Encoding.UTF8.GetString(b, i, valid)); i += valid; }
                if (i < end) { Escape(sb, b[i]); i++; }
            }
            return sb.ToString();
        }

        // MySQL's latin1 is cp1252, with the five bytes cp1252 leaves undefined mapped to C1 controls.
        private static readonly char[] s_cp1252High =
        {
            '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
            '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
            '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
            '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
        };

        private static string DisplayLatin1(byte[] b, int start, int end)
        {
            var chars = new char[end - start];
            for (var i = start; i < end; i++)
            {
                var c = b[i];
                chars[i - start] = c >= 0x80 && c < 0xA0 ? s_cp1252High[c - 0x80] : (char)c;
            }
            return new string(chars);
        }

        private static Encoding? EncodingFor(string? charset)
        {
            int codePage;
            switch (charset)
            {
                case "cp1250": codePage = 1250; break;
                case "cp1251": codePage = 1251; break;
                case "cp1256": codePage = 1256; break;
                case "cp1257": codePage = 1257; break;
                case "latin2": codePage = 28592; break;
                case "greek": codePage = 28597; break;
                case "hebrew": codePage = 28598; break;
                case "latin5": codePage = 28599; break;
                case "latin7": codePage = 28603; break;
                case "koi8r": codePage = 20866; break;
                case "koi8u": codePage = 21866; break;
                case "cp850": codePage = 850; break;
                case "cp852": codePage = 852; break;
                case "cp866": codePage = 866; break;
                case "sjis": case "cp932": codePage = 932; break;
                case "gbk": case "gb2312": codePage = 936; break;
                case "gb18030": codePage = 54936; break;
                case "big5": codePage = 950; break;
                case "euckr": codePage = 51949; break;
                case "ujis": case "eucjpms": codePage = 20932; break;
                default: return null;
            }
            try
            {
                // Present where the host registered the code-page encodings (PowerShell 7 does).
                return Encoding.GetEncoding(codePage, EncoderFallback.ReplacementFallback, new EscapingDecoderFallback());
            }
            catch (ArgumentException) { return null; }
            catch (NotSupportedException) { return null; }
        }

        internal static void Escape(StringBuilder sb, byte b) =>
            sb.Append("\\x").Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));

        /// <summary>Writes each byte that is no character as \xNN.</summary>
        private sealed class EscapingDecoderFallback : DecoderFallback
        {
            public override int MaxCharCount => 4;
            public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

            private sealed class Buffer : DecoderFallbackBuffer
            {
                private string _text = string.Empty;
                private int _index;

                public override bool Fallback(byte[] bytesUnknown, int index)
                {
                    var sb = new StringBuilder(bytesUnknown.Length * 4);
                    foreach (var b in bytesUnknown) Escape(sb, b);
                    _text = sb.ToString();
                    _index = 0;
                    return true;
                }

                public override char GetNextChar() => _index < _text.Length ? _text[_index++] : '\0';
                public override bool MovePrevious() { if (_index == 0) return false; _index--; return true; }
                public override int Remaining => _text.Length - _index;
                public override void Reset() { _text = string.Empty; _index = 0; }
            }
        }
    }
}
