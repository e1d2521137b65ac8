using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Maintenance;
using Rostrvm.PowerShell.Maintenance;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>Removes the maintenance tasks from the scheduler (the scripts and the history stay).</summary>
    [Cmdlet(VerbsLifecycle.Unregister, "RostrvmMaintenanceTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class UnregisterRostrvmMaintenanceTaskCommand : MaintenanceTaskCmdlet
    {
        /// <summary>Only these tasks: Nightly, Weekly, RecordingArchive (wildcards allowed); default all.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.MaintenanceTaskNameCompleter))]
        public string[] Name { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var tasks = ReadRegistered().Where(t => MaintenanceTaskName.Matches(Name, t.Name)).ToList();
                if (tasks.Count == 0)
                {
                    var names = Name == null || Name.Length == 0 ? string.Empty : " named " + string.Join(", ", Name);
                    WriteWarning($"No Rostrvm maintenance task{names} is registered in {LookedIn}: nothing to unregister.");
                    return;
                }
                var scheduler = EffectiveScheduler;
                if (UsesWindowsTaskScheduler)
                {
                    foreach (var task in tasks)
                        if (ShouldProcess(task.TaskName, "Unregister scheduled task"))
                            InvokeNested("param($name, $folder) Unregister-ScheduledTask -TaskName $name -TaskPath $folder -Confirm:$false",
                                task.TaskName.Substring(TaskSchedulerXml.Folder.Length), TaskSchedulerXml.Folder);
                    return;
                }
                if (scheduler == MaintenanceScheduler.Cron)
                {
                    UnregisterCron(tasks);
                    return;
                }
                var reload = false;
                foreach (var task in tasks)
                {
                    if (!ShouldProcess(task.TaskName, "Remove " + string.Join(", ", task.Files))) continue;
                    if (TellSystemd) { Systemctl("disable", "--now", task.TaskName); reload = true; }
                    foreach (var file in task.Files) File.Delete(file);
                }
                if (reload) Systemctl("daemon-reload");
            }
            catch (RostrvmException ex) { ThrowFailure(ex, Scheduler); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowFailure(new RostrvmException("TaskFileRemoveFailed", FailureKind.WriteError,
                    $"Could not remove a scheduler file: {ex.Message} Run as administrator (root).", null, ex), Scheduler);
            }
        }

        /// <summary>The cron file holds every task: rewrite it with the others, or remove it when none remain.</summary>
        private void UnregisterCron(System.Collections.Generic.List<MaintenanceTask> tasks)
        {
            var directory = EffectiveDirectory;
            var remaining = MaintenanceTaskFiles.Read(MaintenanceScheduler.Cron, directory)
                .Select(p => p.Key).Where(d => tasks.All(t => t.Name != d.Name)).ToList();
            var path = System.IO.Path.Combine(directory, CronFile.FileName);
            if (tasks.Count == 0 || !ShouldProcess(path, "Remove " + string.Join(", ", tasks.Select(t => t.Name)) + " from the cron file")) return;
            if (remaining.Count == 0) File.Delete(path);
            else MaintenanceTaskFiles.Write(MaintenanceTaskFiles.Plan(MaintenanceScheduler.Cron, remaining, directory)[0]);
        }
    }
}
