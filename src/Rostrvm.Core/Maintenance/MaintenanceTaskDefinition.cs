using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>
    /// One scheduled run of a shipped maintenance script: what runs, when, as whom. The Task
    /// Scheduler XML, the systemd units and the cron lines are all written from this, and read
    /// back into it.
    /// </summary>
    public sealed class MaintenanceTaskDefinition
    {
        public const string Nightly = "Nightly";
        public const string Weekly = "Weekly";
        public const string RecordingArchive = "RecordingArchive";

        /// <summary>Nightly, Weekly or RecordingArchive.</summary>
        public string Name { get; set; } = "";
        public TimeSpan Time { get; set; }
        /// <summary>The weekday of a weekly task; null for a daily one.</summary>
        public DayOfWeek? Day { get; set; }
        /// <summary>The program the scheduler starts (pwsh, powershell.exe, or dotnet for a tool install).</summary>
        public string? Executable { get; set; }
        /// <summary>Its arguments, unquoted.</summary>
        public IList<string> Arguments { get; set; } = new List<string>();
        /// <summary>The account it runs as; empty means SYSTEM on Windows, root on Linux.</summary>
        public string? Account { get; set; }
        public string? WorkingDirectory { get; set; }

        /// <summary>Task Scheduler name, under the \Rostrvm\ folder.</summary>
        public string TaskName => "Rostrvm " + Spaced(Name) + " Maintenance";
        /// <summary>systemd unit base name, e.g. rostrvm-nightly.</summary>
        public string UnitName => "rostrvm-" + Hyphenated(Name);
        public string Description => "Rostrvm " + Spaced(Name).ToLowerInvariant() + " maintenance";

        public string ScheduleText => string.Format(CultureInfo.InvariantCulture, "{0} at {1:hh\\:mm}",
            Day.HasValue ? Day.Value.ToString() : "daily", Time);

        /// <summary>The next start after <paramref name="now"/> (local time).</summary>
        public DateTime NextRun(DateTime now)
        {
            var candidate = now.Date + Time;
            if (Day.HasValue)
            {
                var days = ((int)Day.Value - (int)now.DayOfWeek + 7) % 7;
                candidate = candidate.AddDays(days);
                if (candidate <= now) candidate = candidate.AddDays(7);
            }
            else if (candidate <= now)
            {
                candidate = candidate.AddDays(1);
            }
            return candidate;
        }

        /// <summary>
        /// The tasks the settings ask for: nightly and weekly, and the recording archive on its own
        /// when its time differs from the nightly one.
        /// </summary>
        public static IReadOnlyList<MaintenanceTaskDefinition> FromSettings(RostrvmSettings settings, string scriptDirectory,
            string executable, IEnumerable<string> leadingArguments)
        {
            var nightly = ParseTime(settings.NightlyTime, nameof(settings.NightlyTime));
            var weekly = ParseTime(settings.WeeklyTime, nameof(settings.WeeklyTime));
            var archive = string.IsNullOrEmpty(settings.RecordingArchiveTime) ? nightly : ParseTime(settings.RecordingArchiveTime,
                nameof(settings.RecordingArchiveTime));
            var day = ParseDay(settings.WeeklyDay);
            var lead = (leadingArguments ?? Enumerable.Empty<string>()).ToList();
            string Script(string file) => System.IO.Path.Combine(scriptDirectory, file);

            MaintenanceTaskDefinition Make(string name, TimeSpan time, DayOfWeek? weekday, string script, params string[] extra)
            {
                // Settings come from SettingsStore.Load, which always sets SettingsPath.
                var arguments = new List<string>(lead) { "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File",
                    Script(script), "-ConfigurationPath", settings.SettingsPath! };
                arguments.AddRange(extra);
                return new MaintenanceTaskDefinition
                {
                    Name = name, Time = time, Day = weekday, Executable = executable, Arguments = arguments,
                    Account = string.IsNullOrEmpty(settings.TaskAccount) ? null : settings.TaskAccount,
                    WorkingDirectory = settings.Root,
                };
            }

            var tasks = new List<MaintenanceTaskDefinition>
            {
                Make(Nightly, nightly, null, "Invoke-RostrvmNightlyMaintenance.ps1"),
                Make(Weekly, weekly, day, "Invoke-RostrvmWeeklyMaintenance.ps1"),
            };
            if (archive != nightly) tasks.Add(Make(RecordingArchive, archive, null, "Invoke-RostrvmNightlyMaintenance.ps1",
                "-Job", "RecordingArchive"));
            return tasks;
        }

        /// <summary>"02:00" or "2:00" or "02:00:00" to a time of day.</summary>
        public static TimeSpan ParseTime(string value, string setting)
        {
            if (Configuration.TimeOfDay.TryParse(value, out var time)) return time;
            throw new RostrvmException("ScheduleTimeInvalid", FailureKind.InvalidData,
                $"The setting {setting} is '{value}', which is not a time of day like 02:00. Change it with Set-RostrvmConfiguration " +
                    $"-{setting} 02:00.", setting);
        }

        public static DayOfWeek ParseDay(string value)
        {
            foreach (DayOfWeek day in Enum.GetValues(typeof(DayOfWeek)))
            {
                if (string.Equals(day.ToString(), value, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(day.ToString().Substring(0, 3), value, StringComparison.OrdinalIgnoreCase))
                    return day;
            }
            throw new RostrvmException("ScheduleDayInvalid", FailureKind.InvalidData,
                $"The setting WeeklyDay is '{value}', which is not a day of the week. Change it with Set-RostrvmConfiguration -WeeklyDay " +
                    $"Sunday.", "WeeklyDay");
        }

        /// <summary>Nightly from "nightly", RecordingArchive from "recording-archive" or "Recording Archive".</summary>
        public static string NameFromUnit(string text)
        {
            var compact = new string((text ?? string.Empty).Where(char.IsLetterOrDigit).ToArray());
            foreach (var known in new[] { Nightly, Weekly, RecordingArchive })
                if (string.Equals(compact, known, StringComparison.OrdinalIgnoreCase)) return known;
            return compact;
        }

        private static string Spaced(string name) => string.Concat((name ?? string.Empty).Select((c, i) => i > 0 && char.IsUpper(c)
            ? " " + c : c.ToString()));

        private static string Hyphenated(string name) => Spaced(name).Replace(' ', '-').ToLowerInvariant();

        public override string ToString() => $"{TaskName}: {ScheduleText}";
    }
}
