using System;
using System.Globalization;

namespace Rostrvm.Core.Logs
{
    /// <summary>
    /// The month folders log zips go into: <c>&lt;Mon&gt;&lt;yy&gt;</c> (Jan21, Nov26) with the
    /// invariant English abbreviations whatever the machine's culture (a German server must not
    /// start an "Okt26" beside "Oct26"; en-GB on ICU even says "Sept").
    /// </summary>
    public static class MonthFolder
    {
        private static readonly string[] s_abbreviations = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames;

        /// <summary>The folder name for a time's month, e.g. Nov26.</summary>
        public static string NameFor(DateTime time) =>
            s_abbreviations[time.Month - 1] + (time.Year % 100).ToString("00", CultureInfo.InvariantCulture);

        /// <summary>Parses Nov26 into 2026-11 (years 2000-2099, exact case as written).</summary>
        public static bool TryParse(string name, out int year, out int month)
        {
            year = 0;
            month = 0;
            if (name == null || name.Length != 5) return false;
            var index = Array.IndexOf(s_abbreviations, name.Substring(0, 3));
            if (index < 0 || index > 11) return false;
            if (!char.IsDigit(name[3]) || !char.IsDigit(name[4])) return false;
            month = index + 1;
            year = 2000 + (name[3] - '0') * 10 + (name[4] - '0');
            return true;
        }

        public static bool IsMonthFolderName(string name) => TryParse(name, out _, out _);
    }
}
