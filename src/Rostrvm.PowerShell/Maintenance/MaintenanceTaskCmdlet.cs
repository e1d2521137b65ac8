using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Maintenance;
using Rostrvm.Core.Maintenance.Schedulers;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Maintenance
{
    /// <summary>
    /// What Register-, Get- and Unregister-RostrvmMaintenanceTask share: the -Scheduler and -Path
    /// that choose a scheduler (Core/Maintenance/Schedulers), and the runspace the Windows Task
    /// Scheduler is reached through.
    /// </summary>
    public abstract class MaintenanceTaskCmdlet : RostrvmCmdlet
    {
        /// <summary>Auto (Task Scheduler on Windows, systemd where it runs, else cron), TaskScheduler, Systemd or Cron.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("Auto", MaintenanceScheduler.TaskScheduler, MaintenanceScheduler.Systemd, MaintenanceScheduler.Cron)]
        public string Scheduler { get; set; } = "Auto";

        /// <summary>
        /// Folder of the scheduler files: systemd units (default /etc/systemd/system), the cron file
        /// (default /etc/cron.d), or task XML files.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        protected string EffectiveScheduler => Scheduler == "Auto" ? MaintenanceScheduler.Detect() : Scheduler;

        /// <summary>The Windows Task Scheduler proper: on Windows, with no folder of XML files given.</summary>
        protected bool UsesWindowsTaskScheduler =>
            EffectiveScheduler == MaintenanceScheduler.TaskScheduler && MaintenanceScheduler.IsWindows && string.IsNullOrEmpty(Path);

        /// <summary>The scheduler chosen by -Scheduler and -Path; the decisions are the Core schedulers'.</summary>
        protected IMaintenanceScheduler OpenScheduler(PSCredential? credential = null)
        {
            if (UsesWindowsTaskScheduler) return new WindowsTaskScheduler(InvokeNested, credential);
            var directory = string.IsNullOrEmpty(Path) ? null : GetUnresolvedProviderPathFromPSPath(Path);
            try { return FileSchedulers.Create(EffectiveScheduler, directory); }
            catch (RostrvmException ex)
            {
                ThrowFailure(ex, Scheduler);
                throw; // not reached: ThrowFailure throws, but the compiler cannot know it
            }
        }

        /// <summary>-WhatIf/-Confirm and warnings for the scheduler's changes.</summary>
        protected SchedulerActions Actions(bool withPassword = false) => new SchedulerActions
        {
            ShouldProcess = ShouldProcess, Warning = WriteWarning, WithPassword = withPassword,
        };

        /// <summary>Runs a script in this runspace (the ScheduledTasks module on Windows), throwing its first error.</summary>
        protected System.Collections.ObjectModel.Collection<PSObject> InvokeNested(string script, params object?[] arguments)
        {
            using (var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddScript(script, useLocalScope: true);
                foreach (var argument in arguments) ps.AddArgument(argument);
                var output = ps.Invoke();
                if (ps.HadErrors && ps.Streams.Error.Count > 0)
                    throw new RostrvmException("TaskSchedulerFailed", FailureKind.InvalidOperation,
                        "The Task Scheduler refused the request: " + ps.Streams.Error[0].Exception?.Message +
                            " Run PowerShell as Administrator.",
                        null, ps.Streams.Error[0].Exception);
                return output;
            }
        }
    }
}
