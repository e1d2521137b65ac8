using System;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>A maintenance task as registered on this machine: what Get-/Register- return.</summary>
    public sealed class MaintenanceTask
    {
        public string Name { get; set; } = "";
        public string TaskName { get; set; } = "";
        /// <summary>TaskScheduler, Systemd or Cron.</summary>
        public string Scheduler { get; set; } = "";
        public string Schedule { get; set; } = "";
        public DateTime? NextRun { get; set; }
        public string? Account { get; set; }
        public string Command { get; set; } = "";
        /// <summary>Registered, Active (systemd timer running), Written (files only, scheduler not told), Disabled.</summary>
        public string State { get; set; } = "";
        public string[] Files { get; set; } = new string[0];
        /// <summary>The folder of the scheduler files it was read from (null for the Windows Task Scheduler itself), so a task piped to
        /// Unregister- is looked for where it was found.</summary>
        public string? Path { get; set; }
        public string ComputerName { get; set; } = "";

        public override string ToString() => TaskName;

        /// <summary>A task as a scheduler holds it: its name there, schedule, account, command and next start.</summary>
        public static MaintenanceTask From(MaintenanceTaskDefinition definition, string scheduler, string state, string[]? files,
            DateTime? nextRun = null) => new MaintenanceTask
        {
            Name = definition.Name,
            TaskName = scheduler == MaintenanceScheduler.Systemd ? definition.UnitName + ".timer"
                : scheduler == MaintenanceScheduler.TaskScheduler ? TaskSchedulerXml.Folder + definition.TaskName : definition.TaskName,
            Scheduler = scheduler,
            Schedule = definition.ScheduleText,
            NextRun = nextRun ?? (state == "Disabled" ? (DateTime?)null : definition.NextRun(DateTime.Now)),
            Account = string.IsNullOrEmpty(definition.Account)
                ? (MaintenanceScheduler.IsWindows || scheduler == MaintenanceScheduler.TaskScheduler ? "SYSTEM" : "root")
                    : definition.Account,
            Command = MaintenanceTaskFiles.CommandText(definition),
            State = state,
            Files = files ?? new string[0],
            ComputerName = Environment.MachineName,
        };
    }
}
