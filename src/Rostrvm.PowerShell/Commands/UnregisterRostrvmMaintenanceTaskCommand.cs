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
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var scheduler = OpenScheduler();
                var tasks = scheduler.Read().Where(t => MaintenanceTaskName.Matches(Name, t.Name)).ToList();
                if (tasks.Count == 0)
                {
                    var names = Name == null || Name.Length == 0 ? string.Empty : " named " + string.Join(", ", Name);
                    WriteWarning($"No Rostrvm maintenance task{names} is registered in {scheduler.Location}: nothing to unregister.");
                    return;
                }
                scheduler.Unregister(tasks, Actions());
            }
            catch (RostrvmException ex) { ThrowFailure(ex, Scheduler); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowFailure(new RostrvmException("TaskFileRemoveFailed", FailureKind.WriteError,
                    $"Could not remove a scheduler file: {ex.Message} Run as administrator (root).", null, ex), Scheduler);
            }
        }
    }
}
