using System.Globalization;
using System.Text.RegularExpressions;

namespace Rostrvm.Core.Reporting
{
    /// <summary>
    /// Reads one number back out of a history entry's Figures line ("7 StorageUsage: UsedBytes=123,
    /// VolumeFreeBytes=10..20"): the sum, or for a range its lower end.
    /// </summary>
    public static class HistoryFigures
    {
        public static double? Read(string? figures, string name)
        {
            if (figures is null || figures.Length == 0) return null;
            var match = Regex.Match(figures, @"(?:^|[\s:,;])" + Regex.Escape(name) + @"=(?<n>-?[0-9]+(?:\.[0-9]+)?)",
                RegexOptions.CultureInvariant);
            return match.Success ? double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) : (double?)null;
        }
    }
}
