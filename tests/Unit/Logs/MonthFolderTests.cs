using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using Rostrvm.Core.Logs;
using Xunit;

namespace Rostrvm.Tests.Unit.Logs
{
    public class MonthFolderTests
    {
        [Theory]
        [InlineData(2021, 1, "Jan21")]
        [InlineData(2026, 5, "May26")]
        [InlineData(2026, 9, "Sep26")]
        [InlineData(2026, 10, "Oct26")]
        [InlineData(2026, 11, "Nov26")]
        [InlineData(2030, 12, "Dec30")]
        [InlineData(2100, 3, "Mar00")]
        public void names_the_month_with_english_abbreviations(int year, int month, string expected)
        {
            Assert.Equal(expected, MonthFolder.NameFor(new DateTime(year, month, 15)));
        }

        [Theory]
        [InlineData("de-DE")]
        [InlineData("fr-FR")]
        [InlineData("en-GB")] // ICU abbreviates September as "Sept" there
        [InlineData("ja-JP")]
        [InlineData("ru-RU")]
        public void names_are_english_whatever_the_culture(string culture)
        {
            var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            try
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
                // The culture really differs: some month is abbreviated otherwise than in English.
                Assert.Contains(Enumerable.Range(1, 12), m =>
                    new DateTime(2026, m, 1).ToString("MMM") != CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(m));
                var expected = new[] { "Jan26", "Feb26", "Mar26", "Apr26", "May26", "Jun26", "Jul26", "Aug26", "Sep26", "Oct26", "Nov26",
                    "Dec26" };
                for (var month = 1; month <= 12; month++)
                {
                    Assert.Equal(expected[month - 1], MonthFolder.NameFor(new DateTime(2026, month, 28)));
                    Assert.True(MonthFolder.TryParse(expected[month - 1], out var year, out var parsed));
                    Assert.Equal((2026, month), (year, parsed));
                }
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
            }
        }

        [Theory]
        [InlineData("Okt26")]
        [InlineData("nov26")]
        [InlineData("Nov2026")]
        [InlineData("Nov2")]
        [InlineData("Sept6")]
        [InlineData("logs")]
        [InlineData("")]
        public void other_names_are_not_month_folders(string name)
        {
            Assert.False(MonthFolder.IsMonthFolderName(name));
        }
    }
}
