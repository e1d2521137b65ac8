using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Maintenance;
using Rostrvm.Core.Maintenance.Schedulers;

namespace Rostrvm.PowerShell.Maintenance
{
    /// <summary>
    /// The Windows Task Scheduler itself, through the ScheduledTasks module of this runspace (so a
    /// password is handed over as an object, never on a command line as schtasks would need it).
    /// </summary>
    internal sealed class WindowsTaskScheduler : IMaintenanceScheduler
    {
        private readonly Func<string, object?[], Collection<PSObject>> _invoke;
        private readonly PSCredential? _credential;

        public WindowsTaskScheduler(Func<string, object?[], Collection<PSObject>> invoke, PSCredential? credential = null)
        {
            _invoke = invoke;
            _credential = credential;
        }

        public string Name => MaintenanceScheduler.TaskScheduler;

        public string Location => "the Task Scheduler folder " + TaskSchedulerXml.Folder;

        public IReadOnlyList<MaintenanceTask> Read()
        {
            const string script = @"param($folder)
Get-ScheduledTask -TaskPath $folder -ErrorAction SilentlyContinue | ForEach-Object {
    $info = $_ | Get-ScheduledTaskInfo
    [pscustomobject]@{ Name = $_.TaskName; Xml = (Export-ScheduledTask -TaskName $_.TaskName -TaskPath $folder); " +
@"State = [string]$_.State; NextRun = $info.NextRunTime }
}";
            return _invoke(script, new object[] { TaskSchedulerXml.Folder }).Select(row =>
            {
                var name = row.Properties["Name"].Value as string;
                // Export-ScheduledTask always gives the XML; were it missing, an empty text fails to parse just the same.
                var definition = TaskSchedulerXml.Parse(row.Properties["Xml"].Value as string ?? string.Empty, name);
                var next = row.Properties["NextRun"].Value is PSObject p ? p.BaseObject as DateTime?
                    : row.Properties["NextRun"].Value as DateTime?;
                return MaintenanceTask.From(definition, Name, row.Properties["State"].Value as string ?? string.Empty, new string[0], next);
            }).ToList();
        }

        public IReadOnlyList<MaintenanceTask> Register(IReadOnlyList<MaintenanceTaskDefinition> tasks, SchedulerActions actions)
        {
            const string script = @"param($name, $folder, $xml, $user, $password)
$arguments = @{ TaskName = $name; TaskPath = $folder; Xml = $xml; Force = $true }
if ($user) { $arguments.User = $user; if ($password) { $arguments.Password = $password } }
Register-ScheduledTask @arguments | Out-Null
$info = Get-ScheduledTaskInfo -TaskName $name -TaskPath $folder
$info.NextRunTime";
            var registered = new List<MaintenanceTask>();
            foreach (var task in tasks)
            {
                var xml = TaskSchedulerXml.Generate(task, actions.WithPassword);
                TaskSchedulerXml.Validate(xml);
                if (!actions.ShouldProcess(TaskSchedulerXml.Folder + task.TaskName,
                    "Register scheduled task (" + task.ScheduleText + ")")) continue;
                var next = _invoke(script, new object?[] { task.TaskName, TaskSchedulerXml.Folder, xml, task.Account,
                    _credential?.GetNetworkCredential().Password })
                    .Select(o => o?.BaseObject).OfType<DateTime>().FirstOrDefault();
                registered.Add(MaintenanceTask.From(task, Name, "Ready", new string[0], next == default(DateTime)
                    ? (DateTime?)null : next));
            }
            return registered;
        }

        public void Unregister(IReadOnlyList<MaintenanceTask> tasks, SchedulerActions actions)
        {
            foreach (var task in tasks)
                if (actions.ShouldProcess(task.TaskName, "Unregister scheduled task"))
                    _invoke("param($name, $folder) Unregister-ScheduledTask -TaskName $name -TaskPath $folder -Confirm:$false",
                        new object[] { task.TaskName.Substring(TaskSchedulerXml.Folder.Length), TaskSchedulerXml.Folder });
        }
    }
}
