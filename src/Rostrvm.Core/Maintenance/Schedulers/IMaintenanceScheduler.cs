using System.Collections.Generic;

namespace Rostrvm.Core.Maintenance.Schedulers
{
    /// <summary>
    /// One place the maintenance tasks can live: systemd timers, a cron file, task XML files, or
    /// the Windows Task Scheduler itself. Register-, Get- and Unregister-RostrvmMaintenanceTask
    /// only choose one and call it.
    /// </summary>
    public interface IMaintenanceScheduler
    {
        /// <summary>TaskScheduler, Systemd or Cron.</summary>
        string Name { get; }

        /// <summary>Where it looks, for messages ("Systemd files in /etc/systemd/system").</summary>
        string Location { get; }

        /// <summary>The Rostrvm tasks registered there now, with their state and next start.</summary>
        IReadOnlyList<MaintenanceTask> Read();

        /// <summary>Puts the tasks there (replacing the Rostrvm tasks of before); returns them as registered.</summary>
        IReadOnlyList<MaintenanceTask> Register(IReadOnlyList<MaintenanceTaskDefinition> tasks, SchedulerActions actions);

        /// <summary>Removes the given tasks (found by <see cref="Read"/>).</summary>
        void Unregister(IReadOnlyList<MaintenanceTask> tasks, SchedulerActions actions);
    }
}
