using System.Management.Automation;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Maintenance;
using Rostrvm.PowerShell.Maintenance;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>The maintenance tasks registered on this machine: schedule, account, command, state and next start.</summary>
    [Cmdlet(VerbsCommon.Get, "RostrvmMaintenanceTask")]
    [OutputType(typeof(MaintenanceTask))]
    public sealed class GetRostrvmMaintenanceTaskCommand : MaintenanceTaskCmdlet
    {
        /// <summary>Only these tasks: Nightly, Weekly, RecordingArchive (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.MaintenanceTaskNameCompleter))]
        public string[]? Name { get; set; }

        protected override void EndProcessing()
        {
            try
            {
                var found = 0;
                var scheduler = OpenScheduler();
                foreach (var task in scheduler.Read())
                {
                    if (!MaintenanceTaskName.Matches(Name, task.Name)) continue;
                    WriteObject(task);
                    found++;
                }
                if (found == 0)
                    WriteWarning(
                        $"No Rostrvm maintenance task{NameText} is registered in {scheduler.Location}. Register-RostrvmMaintenanceTask " +
                        $"puts them on the scheduler.");
            }
            catch (RostrvmException ex) { ThrowFailure(ex, Scheduler); }
            base.EndProcessing();
        }

        private string NameText => Name == null || Name.Length == 0 ? string.Empty : " named " + string.Join(", ", Name);
    }
}
