using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Maintenance.Schedulers
{
    /// <summary>The file-based scheduler for a name and folder (the Windows Task Scheduler itself lives in the cmdlet layer).</summary>
    public static class FileSchedulers
    {
        /// <param name="scheduler">TaskScheduler, Systemd or Cron (Auto resolved by <see cref="MaintenanceScheduler.Detect"/>
        /// first).</param>
        /// <param name="directory">The folder of the files; null for the scheduler's own (required for task XML).</param>
        public static FileScheduler Create(string scheduler, string? directory, ISystemctl? systemctl = null)
        {
            switch (scheduler)
            {
                case MaintenanceScheduler.Systemd: return new SystemdScheduler(directory, systemctl ?? new Systemctl());
                case MaintenanceScheduler.Cron: return new CronScheduler(directory);
                default:
                    if (directory is null || directory.Length == 0)
                        throw new RostrvmException("TaskXmlPathRequired", FailureKind.InvalidArgument,
                            "The Windows Task Scheduler exists only on Windows. To write the task XML here (to check it or copy it to a " +
                                "Windows server), give -Path <folder>.", scheduler);
                    return new TaskXmlFolderScheduler(directory);
            }
        }
    }
}
