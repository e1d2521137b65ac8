using System.Text.RegularExpressions;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Configuration
{
    /// <summary>The HH:mm times of the settings (NightlyTime, WeeklyTime, RecordingArchiveTime).</summary>
    public static class TimeOfDay
    {
        private static readonly Regex s_time = new Regex("^([01][0-9]|2[0-3]):[0-5][0-9]$", RegexOptions.CultureInvariant);

        public static bool IsValid(string text) => text != null && s_time.IsMatch(text);

        public static RostrvmException Invalid(string setting, string text) =>
            new RostrvmException("InvalidTimeOfDay", FailureKind.InvalidArgument,
                $"{setting} '{text}' is not a time of day. Give hours and minutes on the 24-hour clock as HH:mm, from 00:00 to 23:59 " +
                    $"(for example 01:30).", text);
    }
}
