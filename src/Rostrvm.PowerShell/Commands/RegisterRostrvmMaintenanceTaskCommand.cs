using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Maintenance;
using Rostrvm.PowerShell.Maintenance;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// Puts the shipped nightly and weekly scripts on the operating system's scheduler at the
    /// configured times (NightlyTime, WeeklyDay, WeeklyTime, RecordingArchiveTime), as TaskAccount:
    /// Task Scheduler on Windows, systemd timers on Linux, or a cron file where systemd is absent.
    /// Registering again replaces the tasks with the current settings.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "RostrvmMaintenanceTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MaintenanceTask))]
    public sealed class RegisterRostrvmMaintenanceTaskCommand : MaintenanceTaskCmdlet
    {
        /// <summary>The program that runs the scripts; default this PowerShell (pwsh, powershell.exe, or dotnet with pwsh.dll).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PowerShellPath { get; set; }

        /// <summary>Folder holding the two scripts; default the module's scripts folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ScriptPath { get; set; }

        /// <summary>
        /// Windows: the TaskAccount's password, so the task can reach network shares (otherwise it runs as S4U,
        /// local resources only).
        /// </summary>
        [Parameter]
        [Credential]
        public PSCredential? TaskCredential { get; set; }

        protected override void EndProcessing()
        {
            var settings = Settings;
            var scheduler = EffectiveScheduler;
            var scripts = string.IsNullOrEmpty(ScriptPath)
                ? System.IO.Path.Combine(MyInvocation.MyCommand.Module?.ModuleBase ?? string.Empty, "scripts")
                : GetUnresolvedProviderPathFromPSPath(ScriptPath);
            string executable;
            string[] lead;
            ResolvePowerShell(out executable, out lead);
            var account = TaskCredential?.UserName;
            if (account != null) settings.TaskAccount = account;
            try
            {
                var tasks = MaintenanceTaskDefinition.FromSettings(settings, scripts, executable, lead);
                if (!File.Exists(System.IO.Path.Combine(scripts, "Invoke-RostrvmNightlyMaintenance.ps1")))
                    WriteWarning($"The maintenance scripts are not in '{scripts}'. The tasks will fail until they are; give -ScriptPath.");
                WriteObject(OpenScheduler(TaskCredential).Register(tasks, Actions(TaskCredential != null)), enumerateCollection: true);
                if (UsesWindowsTaskScheduler) RegisterEventSource();
            }
            catch (RostrvmException ex) { ThrowFailure(ex, scheduler); }
            base.EndProcessing();
        }

        /// <summary>The Application log source the jobs write their outcomes to (Core/Maintenance/MaintenanceEventLog).</summary>
        private void RegisterEventSource()
        {
            var target = $"source '{MaintenanceEventLog.Source}' of the {MaintenanceEventLog.LogName} log";
            if (!ShouldProcess(target, "Register event source")) return;
            try { MaintenanceEventLog.Register(); }
            catch (Exception ex) when (ex is System.Security.SecurityException || ex is InvalidOperationException
                || ex is UnauthorizedAccessException)
            {
                WriteWarning($"The event source '{MaintenanceEventLog.Source}' could not be registered ({ex.Message}); the jobs' " +
                    "outcomes reach the history only. Register the tasks again as an administrator.");
            }
        }

        /// <summary>This PowerShell: powershell.exe or pwsh, or for a dotnet tool install dotnet plus pwsh.dll.</summary>
        private void ResolvePowerShell(out string executable, out string[] lead)
        {
            lead = new string[0];
            if (!string.IsNullOrEmpty(PowerShellPath))
            {
                executable = GetUnresolvedProviderPathFromPSPath(PowerShellPath);
                return;
            }
            executable = Process.GetCurrentProcess().MainModule.FileName;
            if (string.Equals(System.IO.Path.GetFileNameWithoutExtension(executable), "dotnet", StringComparison.OrdinalIgnoreCase))
            {
                var entry = Environment.GetCommandLineArgs().FirstOrDefault();
                if (!string.IsNullOrEmpty(entry) && entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) lead = new[] { entry };
            }
        }
    }
}
