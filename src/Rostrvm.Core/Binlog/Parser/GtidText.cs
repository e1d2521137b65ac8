using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// GTIDs as text, the way the servers write them: MySQL <c>uuid:n</c> and, from MySQL 8.3,
    /// tagged <c>uuid:tag:n</c> (a tag is 1-32 letters, digits and underscores, not starting with
    /// a digit, kept in lower case); MariaDB <c>domain-server-seq</c>. Typed GTIDs are brought to
    /// that form so that a GTID given by a person matches the one the reader shows.
    /// </summary>
    public static class GtidText
    {
        /// <summary>mysql::gtid::tag_max_length.</summary>
        public const int MaxTagLength = 32;

        private static readonly Regex MySqlGtid = new Regex(
            @"^\s*([0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})" +
                @"\s*(?::\s*([A-Za-z_][A-Za-z0-9_]{0,31})\s*)?:\s*([0-9]+)\s*$",
            RegexOptions.CultureInvariant);

        private static readonly Regex MariaDbGtid = new Regex(@"^\s*([0-9]+)-([0-9]+)-([0-9]+)\s*$", RegexOptions.CultureInvariant);

        private static readonly Regex TagPattern = new Regex(@"^[a-z_][a-z0-9_]{0,31}$", RegexOptions.CultureInvariant);

        /// <summary>The GTID of a MySQL transaction: <c>uuid:n</c>, or <c>uuid:tag:n</c> when tagged.</summary>
        public static string Format(string uuid, string? tag, long gno) =>
            string.IsNullOrEmpty(tag)
                ? string.Concat(uuid, ":", gno.ToString(CultureInfo.InvariantCulture))
                : string.Concat(uuid, ":", tag, ":", gno.ToString(CultureInfo.InvariantCulture));

        /// <summary>
        /// Parses a typed GTID (MySQL, tagged or not, in any case and with spaces around the
        /// colons; or MariaDB) into the form the reader shows. False for anything else.
        /// </summary>
        public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? gtid)
        {
            gtid = null;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var m = MySqlGtid.Match(text);
            if (m.Success)
            {
                if (!long.TryParse(m.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var gno) || gno < 1
                    || gno == long.MaxValue) return false;
                var hex = m.Groups[1].Value.Replace("-", string.Empty).ToLowerInvariant();
                var uuid = hex.Substring(0, 8) + "-" + hex.Substring(8, 4) + "-" + hex.Substring(12, 4) + "-" + hex.Substring(16, 4)
                    + "-" + hex.Substring(20);
                gtid = Format(uuid, m.Groups[2].Success ? m.Groups[2].Value.ToLowerInvariant() : null, gno);
                return true;
            }
            m = MariaDbGtid.Match(text);
            if (m.Success && uint.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var domain)
                && uint.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var server)
                && ulong.TryParse(m.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                gtid = string.Concat(domain.ToString(CultureInfo.InvariantCulture), "-",
                    server.ToString(CultureInfo.InvariantCulture), "-", seq.ToString(CultureInfo.InvariantCulture));
                return true;
            }
            return false;
        }

        /// <summary>The typed GTID in the reader's form, or the text trimmed when it is no GTID.</summary>
        [return: NotNullIfNotNull("text")]
        public static string? Normalize(string? text) => TryNormalize(text, out var gtid) ? gtid : text?.Trim();

        /// <summary>True when both name the same transaction (case and spacing aside).</summary>
        public static bool SameTransaction(string? a, string? b) =>
            a != null && b != null && string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);

        /// <summary>A tag read from a binlog, checked and in lower case ("" when empty).</summary>
        internal static string Tag(string tag, string what)
        {
            if (tag.Length == 0) return tag;
            var lower = tag.ToLowerInvariant();
            if (!TagPattern.IsMatch(lower)) throw new EventDecodeException($"{what}: '{tag}' is not a valid GTID tag");
            return lower;
        }
    }
}
