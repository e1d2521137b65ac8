using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>
    /// A maintenance task as a systemd service (Type=oneshot) and its timer
    /// (OnCalendar, Persistent so a night missed while the machine was off runs at boot).
    /// </summary>
    public static class SystemdUnits
    {
        public const string DefaultDirectory = "/etc/systemd/system";
        public const string Marker = "# rostrvm-task: ";

        public static string ServiceFileName(MaintenanceTaskDefinition task) => task.UnitName + ".service";
        public static string TimerFileName(MaintenanceTaskDefinition task) => task.UnitName + ".timer";

        public static string Service(MaintenanceTaskDefinition task)
        {
            var text = new StringBuilder();
            text.Append(Marker).Append(task.Name).Append('\n');
            text.Append("# Written by Register-RostrvmMaintenanceTask; remove with Unregister-RostrvmMaintenanceTask.\n");
            text.Append("[Unit]\n");
            text.Append("Description=").Append(task.Description).Append('\n');
            text.Append("After=network-online.target mariadb.service mysql.service\n");
            text.Append("Wants=network-online.target\n\n");
            text.Append("[Service]\n");
            text.Append("Type=oneshot\n");
            if (!string.IsNullOrEmpty(task.Account) && !string.Equals(task.Account, "root", StringComparison.Ordinal))
                text.Append("User=").Append(task.Account).Append('\n');
            if (task.WorkingDirectory is { Length: > 0 } workingDirectory) text.Append("WorkingDirectory=")
                .Append(CommandLine.Systemd(new[] { workingDirectory })).Append('\n');
            text.Append("Environment=NO_COLOR=1\n");
            text.Append("ExecStart=").Append(CommandLine.Systemd(new[] { task.Executable ?? string.Empty }.Concat(task.Arguments)))
                .Append('\n');
            text.Append("TimeoutStartSec=12h\n");
            text.Append("Nice=10\n");
            return text.ToString();
        }

        public static string Timer(MaintenanceTaskDefinition task)
        {
            var text = new StringBuilder();
            text.Append(Marker).Append(task.Name).Append('\n');
            text.Append("[Unit]\n");
            text.Append("Description=").Append(task.Description).Append(", ").Append(task.ScheduleText).Append('\n');
            text.Append("\n[Timer]\n");
            text.Append("OnCalendar=").Append(OnCalendar(task)).Append('\n');
            text.Append("Persistent=true\n");
            text.Append("Unit=").Append(ServiceFileName(task)).Append('\n');
            text.Append("\n[Install]\nWantedBy=timers.target\n");
            return text.ToString();
        }

        /// <summary>"*-*-* 02:00:00" daily, "Sun *-*-* 03:00:00" weekly.</summary>
        public static string OnCalendar(MaintenanceTaskDefinition task) =>
            (task.Day.HasValue ? task.Day.Value.ToString().Substring(0, 3) + " " : string.Empty)
            + string.Format(CultureInfo.InvariantCulture, "*-*-* {0:hh\\:mm}:00", task.Time);

        /// <summary>Reads a timer and its service (as written by <see cref="Timer"/> and <see cref="Service"/>) back.</summary>
        public static MaintenanceTaskDefinition Parse(string timerText, string? serviceText)
        {
            var timer = Values(timerText);
            var service = Values(serviceText ?? string.Empty);
            var calendar = timer.TryGetValue("OnCalendar", out var c) ? c : "*-*-* 00:00:00";
            var parts = calendar.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            var time = parts.Last();
            var command = service.TryGetValue("ExecStart", out var exec) ? CommandLine.Split(exec, shell: false) : new List<string>();
            return new MaintenanceTaskDefinition
            {
                // Only timers with the marker are parsed, and the marker line carries the name.
                Name = timer.TryGetValue("#name", out var name) ? name : null!,
                Time = MaintenanceTaskDefinition.ParseTime(time, "OnCalendar"),
                Day = parts.Length == 3 ? MaintenanceTaskDefinition.ParseDay(parts[0]) : (DayOfWeek?)null,
                Executable = command.FirstOrDefault(),
                Arguments = command.Skip(1).ToList(),
                Account = service.TryGetValue("User", out var user) ? user : "root",
                WorkingDirectory = service.TryGetValue("WorkingDirectory", out var wd)
                    ? CommandLine.Split(wd, shell: false).FirstOrDefault() : null,
            };
        }

        private static Dictionary<string, string> Values(string text)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith(Marker.Trim(), StringComparison.Ordinal)) { values["#name"] = line.Substring(Marker.Trim().Length)
                    .Trim(); continue; }
                var equals = line.IndexOf('=');
                if (line.StartsWith("#", StringComparison.Ordinal) || equals <= 0) continue;
                values[line.Substring(0, equals).Trim()] = line.Substring(equals + 1).Trim();
            }
            return values;
        }
    }
}
