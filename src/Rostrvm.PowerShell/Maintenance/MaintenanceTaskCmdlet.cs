using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Maintenance;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Maintenance
{
    /// <summary>
    /// What Register-, Get- and Unregister-RostrvmMaintenanceTask share: which scheduler, where
    /// its files are, and the calls to the Task Scheduler (Windows) and systemctl (systemd).
    /// </summary>
    public abstract class MaintenanceTaskCmdlet : RostrvmCmdlet
    {
        /// <summary>Auto (Task Scheduler on Windows, systemd where it runs, else cron), TaskScheduler, Systemd or Cron.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("Auto", MaintenanceScheduler.TaskScheduler, MaintenanceScheduler.Systemd, MaintenanceScheduler.Cron)]
        public string Scheduler { get; set; } = "Auto";

        /// <summary>Folder of the scheduler files: systemd units (default /etc/systemd/system), the cron file (default /etc/cron.d), or task XML files.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        protected string EffectiveScheduler => Scheduler == "Auto" ? MaintenanceScheduler.Detect() : Scheduler;

        /// <summary>The Windows Task Scheduler proper: on Windows, with no folder of XML files given.</summary>
        protected bool UsesWindowsTaskScheduler => EffectiveScheduler == MaintenanceScheduler.TaskScheduler && MaintenanceScheduler.IsWindows && string.IsNullOrEmpty(Path);

        protected string EffectiveDirectory
        {
            get
            {
                if (!string.IsNullOrEmpty(Path)) return GetUnresolvedProviderPathFromPSPath(Path);
                var directory = MaintenanceScheduler.DefaultDirectory(EffectiveScheduler);
                if (directory == null && !MaintenanceScheduler.IsWindows)
                    ThrowFailure(new RostrvmException("TaskXmlPathRequired", FailureKind.InvalidArgument,
                        "The Windows Task Scheduler exists only on Windows. To write the task XML here (to check it or copy it to a Windows server), give -Path <folder>."), Scheduler);
                return directory;
            }
        }

        /// <summary>systemctl is told only when systemd runs and the units are in its own folder.</summary>
        protected bool TellSystemd => EffectiveScheduler == MaintenanceScheduler.Systemd && MaintenanceScheduler.SystemdRunning
            && string.Equals(EffectiveDirectory.TrimEnd('/'), SystemdUnits.DefaultDirectory, StringComparison.Ordinal);

        /// <summary>The tasks registered now, with their state and next start.</summary>
        protected IEnumerable<MaintenanceTask> ReadRegistered()
        {
            if (UsesWindowsTaskScheduler)
            {
                foreach (var task in ReadWindowsTasks()) yield return task;
                yield break;
            }
            var scheduler = EffectiveScheduler;
            foreach (var pair in MaintenanceTaskFiles.Read(scheduler, EffectiveDirectory))
            {
                var state = scheduler == MaintenanceScheduler.Cron ? "Registered" : "Written";
                if (TellSystemd) state = Systemctl("is-active", pair.Key.UnitName + ".timer", quiet: true).Trim() == "active" ? "Active" : "Inactive";
                var task = ToTask(pair.Key, scheduler, state, pair.Value);
                task.Path = EffectiveDirectory;
                yield return task;
            }
        }

        /// <summary>Where Get- and Unregister- looked, for the warning when they find no task.</summary>
        protected string LookedIn => UsesWindowsTaskScheduler
            ? "the Task Scheduler folder " + TaskSchedulerXml.Folder
            : $"{EffectiveScheduler} files in {EffectiveDirectory}";

        protected static MaintenanceTask ToTask(MaintenanceTaskDefinition definition, string scheduler, string state, string[] files, DateTime? nextRun = null) => new MaintenanceTask
        {
            Name = definition.Name,
            TaskName = scheduler == MaintenanceScheduler.Systemd ? definition.UnitName + ".timer" : scheduler == MaintenanceScheduler.TaskScheduler ? TaskSchedulerXml.Folder + definition.TaskName : definition.TaskName,
            Scheduler = scheduler,
            Schedule = definition.ScheduleText,
            NextRun = nextRun ?? (state == "Disabled" ? (DateTime?)null : definition.NextRun(DateTime.Now)),
            Account = string.IsNullOrEmpty(definition.Account) ? (MaintenanceScheduler.IsWindows || scheduler == MaintenanceScheduler.TaskScheduler ? "SYSTEM" : "root") : definition.Account,
            Command = MaintenanceTaskFiles.CommandText(definition),
            State = state,
            Files = files ?? new string[0],
            ComputerName = Environment.MachineName,
        };

        /// <summary>Runs systemctl; its failure is an error naming the command.</summary>
        protected string Systemctl(params string[] arguments) => Systemctl(arguments[0], arguments.Length > 1 ? string.Join(" ", arguments.Skip(1)) : null, quiet: false);

        private string Systemctl(string verb, string rest, bool quiet)
        {
            var start = new ProcessStartInfo("systemctl", verb + (rest == null ? string.Empty : " " + rest))
            {
                UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using (var process = Process.Start(start))
            {
                var output = process.StandardOutput.ReadToEnd();
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0 && !quiet)
                    throw new RostrvmException("SystemctlFailed", FailureKind.InvalidOperation,
                        $"'systemctl {start.Arguments}' failed (exit code {process.ExitCode}): {error.Trim()}", start.Arguments);
                return output;
            }
        }

        /// <summary>Runs a script in this runspace (the ScheduledTasks module on Windows), throwing its first error.</summary>
        protected System.Collections.ObjectModel.Collection<PSObject> InvokeNested(string script, params object[] arguments)
        {
            using (var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddScript(script, useLocalScope: true);
                foreach (var argument in arguments) ps.AddArgument(argument);
                var output = ps.Invoke();
                if (ps.HadErrors && ps.Streams.Error.Count > 0)
                    throw new RostrvmException("TaskSchedulerFailed", FailureKind.InvalidOperation,
                        "The Task Scheduler refused the request: " + ps.Streams.Error[0].Exception?.Message + " Run PowerShell as Administrator.", null, ps.Streams.Error[0].Exception);
                return output;
            }
        }

        private IEnumerable<MaintenanceTask> ReadWindowsTasks()
        {
            const string script = @"param($folder)
Get-ScheduledTask -TaskPath $folder -ErrorAction SilentlyContinue | ForEach-Object {
    $info = $_ | Get-ScheduledTaskInfo
    [pscustomobject]@{ Name = $_.TaskName; Xml = (Export-ScheduledTask -TaskName $_.TaskName -TaskPath $folder); State = [string]$_.State; NextRun = $info.NextRunTime }
}";
            foreach (var row in InvokeNested(script, TaskSchedulerXml.Folder))
            {
                var name = row.Properties["Name"].Value as string;
                var definition = TaskSchedulerXml.Parse(row.Properties["Xml"].Value as string, name);
                var next = row.Properties["NextRun"].Value is PSObject p ? p.BaseObject as DateTime? : row.Properties["NextRun"].Value as DateTime?;
                yield return ToTask(definition, MaintenanceScheduler.TaskScheduler, row.Properties["State"].Value as string, new string[0], next);
            }
        }
    }
}
