using System;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// How recordings are grouped into archives, as the product guide does it: one archive per
    /// day, week (Monday to Sunday) or month of the recordings' time, each still capped by the
    /// maximum archive size (a period over the cap gets several); None caps by size only.
    /// </summary>
    public static class ArchivePeriod
    {
        public const string None = "None";
        public const string Day = "Day";
        public const string Week = "Week";
        public const string Month = "Month";

        public static readonly string[] All = { None, Day, Week, Month };

        /// <summary>The first moment of the period holding <paramref name="time"/>; null for None (one period for all).</summary>
        public static DateTime? StartOf(string? period, DateTime time)
        {
            switch (Normalize(period))
            {
                case Day: return time.Date;
                case Week: return time.Date.AddDays(-(((int)time.DayOfWeek + 6) % 7));
                case Month: return new DateTime(time.Year, time.Month, 1, 0, 0, 0, time.Kind);
                default: return null;
            }
        }

        /// <summary>The period's canonical name; null, empty or an unknown name is an error naming the choices.</summary>
        public static string Normalize(string? period)
        {
            if (string.IsNullOrEmpty(period)) return None;
            foreach (var known in All)
                if (string.Equals(known, period, StringComparison.OrdinalIgnoreCase)) return known;
            throw new Errors.RostrvmException("ArchivePeriodInvalid", Errors.FailureKind.InvalidArgument,
                $"The archive period '{period}' is not one of {string.Join(", ", All)}.", period);
        }
    }
}
