using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>The collation ids a binlog carries, mapped to character set names and .NET encodings.</summary>
    public static class Charsets
    {
        public const int Binary = 63;

        private static readonly Encoding Latin1 = Encoding.GetEncoding(28591);

        /// <summary>An encoding that maps every byte to one char and back (ISO-8859-1).</summary>
        public static Encoding ByteTransparent => Latin1;

        /// <summary>The character set of a collation id, or null when unknown.</summary>
        public static string CharsetOfCollation(int id)
        {
            switch (id)
            {
                case 8: case 15: case 31: case 47: case 48: case 49: case 94: return "latin1";
                case 11: case 65: return "ascii";
                case 33: case 83: return "utf8mb3";
                case 45: case 46: return "utf8mb4";
                case 63: return "binary";
                case 28: case 87: return "gbk";
                case 1: case 84: return "big5";
                case 13: case 88: return "sjis";
                case 24: case 86: return "gb2312";
                case 35: case 90: return "ucs2";
                case 54: case 55: return "utf16";
                case 60: case 61: return "utf32";
                case 51: case 52: return "cp1251";
                case 57: case 59: return "cp1256";
                case 9: case 21: return "latin2";
                default:
                    if (id >= 192 && id <= 215) return "utf8mb3";
                    if (id >= 224 && id <= 247) return "utf8mb4";
                    if (id >= 255 && id <= 323) return "utf8mb4"; // MySQL 8 utf8mb4_0900_*
                    if (id >= 2048) return "utf8mb4"; // MariaDB 11 uca1400 collations
                    return null;
            }
        }

        /// <summary>The collation name for the common ids, or null.</summary>
        public static string CollationName(int id)
        {
            switch (id)
            {
                case 8: return "latin1_swedish_ci";
                case 47: return "latin1_bin";
                case 33: return "utf8mb3_general_ci";
                case 83: return "utf8mb3_bin";
                case 45: return "utf8mb4_general_ci";
                case 46: return "utf8mb4_bin";
                case 63: return "binary";
                case 224: return "utf8mb4_unicode_ci";
                case 255: return "utf8mb4_0900_ai_ci";
                case 11: return "ascii_general_ci";
                default: return null;
            }
        }

        /// <summary>The encoding to turn column bytes into text; null for binary.</summary>
        public static Encoding EncodingOf(int collationId)
        {
            var cs = CharsetOfCollation(collationId);
            switch (cs)
            {
                case "binary": return null;
                case "latin1": return Latin1;
                case "ascii": return Latin1;
                case "ucs2": return Encoding.BigEndianUnicode;
                case "utf16": return Encoding.BigEndianUnicode;
                case "utf32": return new UTF32Encoding(bigEndian: true, byteOrderMark: false);
                default: return Encoding.UTF8;
            }
        }
    }
}
