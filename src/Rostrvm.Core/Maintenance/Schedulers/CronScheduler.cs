using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Rostrvm.Core.Maintenance.Schedulers
{
    /// <summary>One cron file (/etc/cron.d/rostrvm-maintenance) holding every task; cron reads it by itself.</summary>
    public sealed class CronScheduler : FileScheduler
    {
        public CronScheduler(string? directory) : base(MaintenanceScheduler.Cron, directory ?? CronFile.DefaultDirectory) { }

        protected override string StateOf(MaintenanceTaskDefinition task) => "Registered";

        protected override string AfterWriting(IReadOnlyList<MaintenanceTaskDefinition> tasks, SchedulerActions actions) => "Registered";

        protected override bool BelongsTo(string path, MaintenanceTaskDefinition task) => true;

        /// <summary>The file holds every task: rewritten with the others, or removed when none remain.</summary>
        public override void Unregister(IReadOnlyList<MaintenanceTask> tasks, SchedulerActions actions)
        {
            var path = Path.Combine(Directory, CronFile.FileName);
            var remaining = MaintenanceTaskFiles.Read(Name, Directory).Select(p => p.Key)
                .Where(d => tasks.All(t => t.Name != d.Name)).ToList();
            if (tasks.Count == 0 || !actions.ShouldProcess(path,
                "Remove " + string.Join(", ", tasks.Select(t => t.Name)) + " from the cron file")) return;
            if (remaining.Count == 0) File.Delete(path);
            else MaintenanceTaskFiles.Write(MaintenanceTaskFiles.Plan(Name, remaining, Directory)[0]);
        }
    }
}
