using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>
    /// Writes and reads the scheduler files of the maintenance tasks: systemd units, the cron
    /// file, and task XML files (what schtasks /Create /XML takes; on other systems the XML is
    /// only written, for review or to copy to a Windows server).
    /// </summary>
    public static class MaintenanceTaskFiles
    {
        public static IReadOnlyList<TaskFile> Plan(string scheduler, IReadOnlyList<MaintenanceTaskDefinition> tasks, string directory,
            bool withPassword = false)
        {
            switch (scheduler)
            {
                case MaintenanceScheduler.Systemd:
                    return tasks.SelectMany(t => new[]
                    {
                        new TaskFile(Path.Combine(directory, SystemdUnits.ServiceFileName(t)), SystemdUnits.Service(t)),
                        new TaskFile(Path.Combine(directory, SystemdUnits.TimerFileName(t)), SystemdUnits.Timer(t)),
                    }).ToList();
                case MaintenanceScheduler.Cron:
                    return new[] { new TaskFile(Path.Combine(directory, CronFile.FileName), CronFile.Generate(tasks)) };
                default:
                    return tasks.Select(t =>
                    {
                        var xml = TaskSchedulerXml.Generate(t, withPassword);
                        TaskSchedulerXml.Validate(xml);
                        return new TaskFile(Path.Combine(directory, t.TaskName + ".xml"), xml, new UnicodeEncoding(false, true));
                    }).ToList();
            }
        }

        /// <summary>Writes one file atomically, readable by the scheduler (0644: cron ignores writable-by-others files).</summary>
        public static void Write(TaskFile file)
        {
            try
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file.Path));
                var bytes = file.Encoding.GetPreamble().Concat(file.Encoding.GetBytes(file.Content)).ToArray();
                using (var atomic = AtomicFile.Create(file.Path, ownerOnly: false))
                {
                    atomic.Stream.Write(bytes, 0, bytes.Length);
                    atomic.Commit();
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new RostrvmException("TaskFileWriteFailed", FailureKind.WriteError,
                    $"Could not write the scheduler file '{file.Path}': {ex.Message} Registering tasks needs administrator rights (root) " +
                        $"for the system folders, or give -Path.", file.Path, ex);
            }
        }

        /// <summary>The tasks found in a folder, with the files that make each one.</summary>
        public static IReadOnlyList<KeyValuePair<MaintenanceTaskDefinition, string[]>> Read(string scheduler, string directory)
        {
            var found = new List<KeyValuePair<MaintenanceTaskDefinition, string[]>>();
            if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory)) return found;
            switch (scheduler)
            {
                case MaintenanceScheduler.Systemd:
                    foreach (var timer in Directory.EnumerateFiles(directory, "rostrvm-*.timer").OrderBy(f => f, StringComparer.Ordinal))
                    {
                        var service = System.IO.Path.ChangeExtension(timer, ".service");
                        var timerText = File.ReadAllText(timer);
                        if (timerText.IndexOf(SystemdUnits.Marker, StringComparison.Ordinal) < 0) continue;
                        var definition = SystemdUnits.Parse(timerText, File.Exists(service) ? File.ReadAllText(service) : null);
                        found.Add(new KeyValuePair<MaintenanceTaskDefinition, string[]>(definition, File.Exists(service)
                            ? new[] { service, timer } : new[] { timer }));
                    }
                    break;
                case MaintenanceScheduler.Cron:
                    var cron = System.IO.Path.Combine(directory, CronFile.FileName);
                    if (File.Exists(cron))
                        foreach (var definition in CronFile.Parse(File.ReadAllText(cron)))
                            found.Add(new KeyValuePair<MaintenanceTaskDefinition, string[]>(definition, new[] { cron }));
                    break;
                default:
                    foreach (var xml in Directory.EnumerateFiles(directory, "Rostrvm * Maintenance.xml")
                        .OrderBy(f => f, StringComparer.Ordinal))
                    {
                        var name = System.IO.Path.GetFileNameWithoutExtension(xml);
                        found.Add(new KeyValuePair<MaintenanceTaskDefinition, string[]>(TaskSchedulerXml.Parse(File.ReadAllText(xml), name),
                            new[] { xml }));
                    }
                    break;
            }
            return found;
        }

        public static string CommandText(MaintenanceTaskDefinition task) =>
            task.Executable + (task.Arguments.Count > 0 ? " " + CommandLine.Windows(task.Arguments) : string.Empty);
    }
}
