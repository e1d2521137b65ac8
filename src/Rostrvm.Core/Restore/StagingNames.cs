using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// The databases a staged restore works in, named after its target and its start (UTC) so an
    /// administrator recognises them and a rerun finds what a killed run left:
    /// &lt;target&gt;_r&lt;yyyyMMddHHmmss&gt; is the staging copy being built,
    /// &lt;target&gt;_p&lt;yyyyMMddHHmmss&gt; holds the previous tables once they are swapped out.
    /// MySQL names are at most 64 characters: a long target is shortened to fit.
    /// </summary>
    public sealed class StagingNames
    {
        private const int MaxName = 64;
        private const int SuffixLength = 16; // _r + 14 digits

        private StagingNames(string target, string stamp)
        {
            Target = target;
            Stamp = stamp;
            Stage = PrefixOf(target) + "_r" + stamp;
            Aside = PrefixOf(target) + "_p" + stamp;
        }

        public string Target { get; }
        public string Stamp { get; }
        public string Stage { get; }
        public string Aside { get; }

        public static StagingNames For(string target, DateTime utc) =>
            new StagingNames(target, utc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));

        /// <summary>The names a run of this target started at <paramref name="stamp"/> used.</summary>
        public static StagingNames FromStamp(string target, string stamp) => new StagingNames(target, stamp);

        /// <summary>The target's part of every staging name (the target, shortened to leave room for the suffix).</summary>
        public static string PrefixOf(string target) =>
            target.Length + SuffixLength <= MaxName ? target : target.Substring(0, MaxName - SuffixLength);

        /// <summary>True when <paramref name="database"/> is a staging (r) or previous-tables (p) database of the target; gives its kind
        /// and stamp.</summary>
        public static bool TryParse(string target, string? database, out char kind, [NotNullWhen(true)] out string? stamp)
        {
            kind = '\0';
            stamp = null;
            var match = Regex.Match(database ?? string.Empty, "^" + Regex.Escape(PrefixOf(target)) + "_([rp])([0-9]{14})$",
                RegexOptions.CultureInvariant);
            if (!match.Success) return false;
            kind = match.Groups[1].Value[0];
            stamp = match.Groups[2].Value;
            return true;
        }

        /// <summary>A LIKE pattern matching the candidates (TryParse decides).</summary>
        public static string LikePattern(string target) =>
            PrefixOf(target).Replace("\\", "\\\\").Replace("_", "\\_").Replace("%", "\\%") + "\\_%";
    }
}
