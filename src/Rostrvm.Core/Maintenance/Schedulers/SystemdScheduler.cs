using System;
using System.Collections.Generic;
using System.Linq;

namespace Rostrvm.Core.Maintenance.Schedulers
{
    /// <summary>
    /// systemd timers: a .service and a .timer per task. systemctl is told (daemon-reload, enable
    /// --now, disable --now) only when systemd runs and the units are in its own folder.
    /// </summary>
    public sealed class SystemdScheduler : FileScheduler
    {
        private readonly ISystemctl _systemctl;
        private readonly string _systemdDirectory;

        /// <param name="systemdDirectory">The folder systemd reads units from (its own, /etc/systemd/system).</param>
        public SystemdScheduler(string? directory, ISystemctl systemctl, string systemdDirectory = SystemdUnits.DefaultDirectory)
            : base(MaintenanceScheduler.Systemd, directory ?? systemdDirectory)
        {
            _systemctl = systemctl;
            _systemdDirectory = systemdDirectory;
        }

        /// <summary>systemd runs here and reads this folder.</summary>
        public bool TellsSystemd => _systemctl.Running && string.Equals(Directory.TrimEnd('/'), _systemdDirectory.TrimEnd('/'),
            StringComparison.Ordinal);

        protected override string StateOf(MaintenanceTaskDefinition task) =>
            !TellsSystemd ? "Written" : _systemctl.Run(true, "is-active", task.UnitName + ".timer")
                .Trim() == "active" ? "Active" : "Inactive";

        protected override string AfterWriting(IReadOnlyList<MaintenanceTaskDefinition> tasks, SchedulerActions actions)
        {
            var timers = tasks.Select(t => t.UnitName + ".timer").ToList();
            if (TellsSystemd && actions.ShouldProcess(string.Join(", ", timers), "systemctl daemon-reload and enable --now"))
            {
                _systemctl.Run(false, "daemon-reload");
                foreach (var timer in timers) _systemctl.Run(false, "enable", "--now", timer);
                return "Active";
            }
            actions.Warning(_systemctl.Running
                ? $"The units are in '{Directory}', not systemd's own folder, so systemd was not told. Link and start them: systemctl " +
                    $"link {Directory}/rostrvm-*.service {Directory}/rostrvm-*.timer && systemctl enable --now " + string.Join(" ", timers)
                : $"systemd is not running on this machine: the units are written to '{Directory}' but nothing will start them. Use " +
                    $"-Scheduler Cron here, or where systemd runs copy them to /etc/systemd/system and run: systemctl daemon-reload && " +
                    $"systemctl enable --now " + string.Join(" ", timers));
            return "Written";
        }

        protected override void BeforeRemoving(string path)
        {
            if (TellsSystemd && path.EndsWith(".timer", StringComparison.Ordinal)) _systemctl.Run(false, "disable", "--now",
                System.IO.Path.GetFileName(path));
        }

        public override void Unregister(IReadOnlyList<MaintenanceTask> tasks, SchedulerActions actions)
        {
            var told = false;
            foreach (var task in tasks)
            {
                if (!actions.ShouldProcess(task.TaskName, "Remove " + string.Join(", ", task.Files))) continue;
                if (TellsSystemd) { _systemctl.Run(false, "disable", "--now", task.TaskName); told = true; }
                foreach (var file in task.Files) System.IO.File.Delete(file);
            }
            if (told) _systemctl.Run(false, "daemon-reload");
        }
    }
}
