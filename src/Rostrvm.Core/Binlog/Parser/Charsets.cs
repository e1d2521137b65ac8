using System;
using System.Collections.Generic;
using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>The collation ids a binlog carries, mapped to character set names and .NET encodings.</summary>
    public static class Charsets
    {
        public const int Binary = 63;

        private static readonly Encoding Latin1 = Encoding.GetEncoding(28591);

        // The character set names of MariaDB 10.11 and MySQL 8, longest first so a collation
        // name's prefix finds utf16le before utf16 and utf8mb3 before nothing shorter.
        private static readonly string[] s_charsets =
        {
            "armscii8", "eucjpms", "geostd8", "keybcs2", "macroman", "utf16le", "gb18030", "utf8mb3", "utf8mb4",
            "cp1250", "cp1251", "cp1256", "cp1257", "gb2312", "hebrew", "latin1", "latin2", "latin5", "latin7", "binary", "tis620",
            "cp850", "cp852", "cp866", "cp932", "euckr", "greek", "koi8r", "koi8u", "macce", "ascii", "utf16", "utf32",
            "big5", "dec8", "sjis", "swe7", "ucs2", "ujis", "gbk", "hp8",
        };

        private sealed class Collation
        {
            public string Name = "";
            public string? Charset;
            public bool IsDefault;
        }

        private static readonly Lazy<Dictionary<int, Collation>> s_collations = new Lazy<Dictionary<int, Collation>>(Load);
        private static readonly Lazy<Dictionary<string, int>> s_defaults = new Lazy<Dictionary<string, int>>(() =>
        {
            var d = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in s_collations.Value)
                if (pair.Value.IsDefault && pair.Value.Charset != null) d[pair.Value.Charset] = pair.Key;
            return d;
        });

        private static Dictionary<int, Collation> Load()
        {
            var map = new Dictionary<int, Collation>();
            foreach (var entry in CollationTable.Entries.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = entry.IndexOf(':');
                var id = int.Parse(entry.Substring(0, colon), System.Globalization.CultureInfo.InvariantCulture);
                var name = entry.Substring(colon + 1);
                var isDefault = name.EndsWith("*", StringComparison.Ordinal);
                if (isDefault) name = name.Substring(0, name.Length - 1);
                map[id] = new Collation { Name = name, Charset = CharsetOfCollationName(name), IsDefault = isDefault };
            }
            // MySQL's gb18030 (absent from MariaDB).
            map[248] = new Collation { Name = "gb18030_chinese_ci", Charset = "gb18030", IsDefault = true };
            map[249] = new Collation { Name = "gb18030_bin", Charset = "gb18030" };
            map[250] = new Collation { Name = "gb18030_unicode_520_ci", Charset = "gb18030" };
            map[255] = new Collation { Name = "utf8mb4_0900_ai_ci", Charset = "utf8mb4" };
            return map;
        }

        private static string? CharsetOfCollationName(string name)
        {
            if (name == "binary") return "binary";
            foreach (var cs in s_charsets)
                if (name.Length > cs.Length && name.StartsWith(cs, StringComparison.Ordinal) && name[cs.Length] == '_') return cs;
            return null;
        }

        /// <summary>The character set of a collation id, or null when unknown.</summary>
        public static string? CharsetOfCollation(int id)
        {
            if (s_collations.Value.TryGetValue(id, out var c)) return c.Charset;
            if (id >= 255 && id <= 323) return "utf8mb4"; // MySQL 8 utf8mb4_0900_*
            if (id >= 2048) return "utf8mb4"; // MariaDB 11 uca1400 collations
            return null;
        }

        /// <summary>The collation name of an id, or null when unknown.</summary>
        public static string? CollationName(int id) => s_collations.Value.TryGetValue(id, out var c) ? c.Name : null;

        /// <summary>True when the id is its character set's default collation (what an introducer like _latin1 gives).</summary>
        public static bool IsDefaultCollation(int id) => s_collations.Value.TryGetValue(id, out var c) && c.IsDefault;

        /// <summary>A character set name as the server knows it (utf8 is utf8mb3), or null when it is not one.</summary>
        public static string? CharsetName(string? name)
        {
            if (name == null || name.Length == 0) return null;
            var lower = name.ToLowerInvariant();
            if (lower == "utf8") return "utf8mb3";
            return Array.IndexOf(s_charsets, lower) >= 0 ? lower : null;
        }

        /// <summary>True for utf8mb3 and utf8mb4 (and MySQL's utf8 alias).</summary>
        public static bool IsUtf8(string? charset) => charset == "utf8mb4" || charset == "utf8mb3" || charset == "utf8";

        /// <summary>The encoding to turn column bytes into text; null for binary.</summary>
        public static Encoding? EncodingOf(int collationId)
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

        /// <summary>An encoding that maps every byte to one char and back (ISO-8859-1).</summary>
        public static Encoding ByteTransparent => Latin1;
    }
}
