using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>
    /// The fallback where systemd does not run: one file in /etc/cron.d holding a line per task,
    /// each after a marker comment naming the task.
    /// </summary>
    public static class CronFile
    {
        public const string DefaultDirectory = "/etc/cron.d";
        /// <summary>cron.d ignores names with dots: no extension.</summary>
        public const string FileName = "rostrvm-maintenance";

        public static string Generate(IEnumerable<MaintenanceTaskDefinition> tasks)
        {
            var text = new StringBuilder();
            text.Append("# Rostrvm maintenance. Written by Register-RostrvmMaintenanceTask; remove with " +
                "Unregister-RostrvmMaintenanceTask.\n");
            text.Append("SHELL=/bin/sh\n");
            text.Append("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n");
            text.Append("NO_COLOR=1\n");
            foreach (var task in tasks)
            {
                text.Append(SystemdUnits.Marker).Append(task.Name).Append('\n');
                text.Append(string.Format(CultureInfo.InvariantCulture, "{0} {1} * * {2} {3} ",
                    task.Time.Minutes, task.Time.Hours, task.Day.HasValue ? ((int)task.Day.Value).ToString(CultureInfo.InvariantCulture)
                        : "*",
                    string.IsNullOrEmpty(task.Account) ? "root" : task.Account));
                if (task.WorkingDirectory is { Length: > 0 } workingDirectory) text.Append("cd ")
                    .Append(CommandLine.Shell(new[] { workingDirectory })).Append(" && ");
                text.Append(CommandLine.Shell(new[] { task.Executable ?? string.Empty }.Concat(task.Arguments))).Append('\n');
            }
            return text.ToString();
        }

        public static IReadOnlyList<MaintenanceTaskDefinition> Parse(string text)
        {
            var tasks = new List<MaintenanceTaskDefinition>();
            string? name = null;
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith(SystemdUnits.Marker.Trim(), StringComparison.Ordinal))
                {
                    name = line.Substring(SystemdUnits.Marker.Trim().Length).Trim();
                    continue;
                }
                if (name == null || line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal)) continue;
                var fields = line.Split(new[] { ' ', '\t' }, 7, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 7) continue;
                var command = fields[6];
                string? workingDirectory = null;
                if (command.StartsWith("cd ", StringComparison.Ordinal))
                {
                    var and = command.IndexOf(" && ", StringComparison.Ordinal);
                    workingDirectory = CommandLine.Split(command.Substring(3, and - 3), shell: true).FirstOrDefault();
                    command = command.Substring(and + 4);
                }
                var argv = CommandLine.Split(command, shell: true);
                tasks.Add(new MaintenanceTaskDefinition
                {
                    Name = name,
                    Time = new TimeSpan(int.Parse(fields[1], CultureInfo.InvariantCulture),
                        int.Parse(fields[0], CultureInfo.InvariantCulture), 0),
                    Day = fields[4] == "*" ? (DayOfWeek?)null : (DayOfWeek)(int.Parse(fields[4], CultureInfo.InvariantCulture) % 7),
                    Account = fields[5],
                    Executable = argv.FirstOrDefault(),
                    Arguments = argv.Skip(1).ToList(),
                    WorkingDirectory = workingDirectory,
                });
                name = null;
            }
            return tasks;
        }
    }
}
