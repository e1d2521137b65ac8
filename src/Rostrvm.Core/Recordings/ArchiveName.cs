using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// Archive file names: <c>&lt;Prefix&gt; &lt;yyyy-MM-dd HH.mm.ss&gt; &lt;yyyy-MM-dd HH.mm.ss&gt;.sdb</c>, the first and
    /// last recording time (docs/ARCHITECTURE.md, file formats). No colons: Windows forbids them. When two archives
    /// would share a name (recordings in the same second), the later one gets " (2)", " (3)", ...
    /// </summary>
    public static class ArchiveName
    {
        public const string Extension = ".sdb";
        public const string TimeFormat = "yyyy-MM-dd HH.mm.ss";

        private static readonly Regex s_pattern = new Regex(
            @"^(?<prefix>.+?) (?<from>\d{4}-\d{2}-\d{2} \d{2}\.\d{2}\.\d{2}) " +
                @"(?<to>\d{4}-\d{2}-\d{2} \d{2}\.\d{2}\.\d{2})(?: \((?<n>\d+)\))?\.sdb$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static string Format(string prefix, DateTime from, DateTime to, int sequence = 1) =>
            prefix + " " + from.ToString(TimeFormat, CultureInfo.InvariantCulture) + " " +
                to.ToString(TimeFormat, CultureInfo.InvariantCulture)
            + (sequence > 1 ? " (" + sequence.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty) + Extension;

        /// <summary>A free name in the folder for this range, never one that exists; a long one in the \\?\ form on Windows.</summary>
        public static string Available(string directory, string prefix, DateTime from, DateTime to)
        {
            for (var sequence = 1; ; sequence++)
            {
                var candidate = IO.PortablePath.ForFileSystem(Path.Combine(directory, Format(prefix, from, to, sequence)));
                if (!File.Exists(candidate)) return candidate;
            }
        }

        public static bool TryParse(string? fileName, [NotNullWhen(true)] out string? prefix, out DateTime from, out DateTime to)
        {
            prefix = null; from = default; to = default;
            var match = s_pattern.Match(IO.PortablePath.GetFileName(fileName ?? string.Empty));
            if (!match.Success) return false;
            prefix = match.Groups["prefix"].Value;
            return DateTime.TryParseExact(match.Groups["from"].Value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None,
                out from)
                && DateTime.TryParseExact(match.Groups["to"].Value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out to);
        }
    }
}
