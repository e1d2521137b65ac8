using System;
using System.Globalization;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Configuration
{
    /// <summary>
    /// The times of day of the settings (NightlyTime, WeeklyTime, RecordingArchiveTime): one rule for
    /// Set-RostrvmConfiguration, which refuses a bad one, and the scheduler, which uses it.
    /// </summary>
    public static class TimeOfDay
    {
        private static readonly string[] s_formats = { @"hh\:mm", @"h\:mm", @"hh\:mm\:ss" };

        /// <summary>"02:00", "2:00" or "02:00:00" to hours and minutes of the day.</summary>
        public static bool TryParse(string? text, out TimeSpan time)
        {
            time = TimeSpan.Zero;
            if (!TimeSpan.TryParseExact(text ?? string.Empty, s_formats, CultureInfo.InvariantCulture, out var parsed)
                || parsed < TimeSpan.Zero || parsed >= TimeSpan.FromDays(1)) return false;
            time = new TimeSpan(parsed.Hours, parsed.Minutes, 0);
            return true;
        }

        public static bool IsValid(string? text) => TryParse(text, out _);

        public static RostrvmException Invalid(string setting, string? text) =>
            new RostrvmException("InvalidTimeOfDay", FailureKind.InvalidArgument,
                $"{setting} '{text}' is not a time of day. Give hours and minutes on the 24-hour clock as HH:mm, from 00:00 to 23:59 " +
                    $"(for example 01:30).", text);
    }
}
