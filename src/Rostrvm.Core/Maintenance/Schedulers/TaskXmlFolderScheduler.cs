using System.Collections.Generic;

namespace Rostrvm.Core.Maintenance.Schedulers
{
    /// <summary>
    /// Task Scheduler XML files in a folder (what schtasks /Create /XML takes): to review them, or to
    /// copy them to a Windows server. Nothing runs them where they are.
    /// </summary>
    public sealed class TaskXmlFolderScheduler : FileScheduler
    {
        public TaskXmlFolderScheduler(string directory) : base(MaintenanceScheduler.TaskScheduler, directory) { }

        protected override string AfterWriting(IReadOnlyList<MaintenanceTaskDefinition> tasks, SchedulerActions actions)
        {
            actions.Warning(
                $"The task XML is written to '{Directory}' (validated against the task schema). On the Windows server: schtasks /Create " +
                $"/XML \"<file>\" /TN \"\\Rostrvm\\<task name>\".");
            return "Written";
        }
    }
}
