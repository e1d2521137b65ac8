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
        public string PowerShellPath { get; set; }

        /// <summary>Folder holding the two scripts; default the module's scripts folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ScriptPath { get; set; }

        /// <summary>Windows: the TaskAccount's password, so the task can reach network shares (otherwise it runs as S4U, local resources only).</summary>
        [Parameter]
        [Credential]
        public PSCredential TaskCredential { get; set; }

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
                if (UsesWindowsTaskScheduler) RegisterWindows(tasks);
                else RegisterFiles(scheduler, tasks);
            }
            catch (RostrvmException ex) { ThrowFailure(ex, scheduler); }
            base.EndProcessing();
        }

        private void RegisterFiles(string scheduler, System.Collections.Generic.IReadOnlyList<MaintenanceTaskDefinition> tasks)
        {
            var directory = EffectiveDirectory;
            var files = MaintenanceTaskFiles.Plan(scheduler, tasks, directory, TaskCredential != null);
            // Units of a task the settings no longer ask for (e.g. the recording archive back at the nightly time) go.
            var stale = MaintenanceTaskFiles.Read(scheduler, directory).Where(p => tasks.All(t => t.Name != p.Key.Name)).ToList();
            var written = 0;
            foreach (var file in files)
            {
                if (!ShouldProcess(file.Path, "Write scheduler file")) continue;
                MaintenanceTaskFiles.Write(file);
                written++;
            }
            foreach (var pair in stale)
            {
                foreach (var path in pair.Value.Where(p => files.All(f => f.Path != p)))
                {
                    if (!ShouldProcess(path, "Remove scheduler file of a task no longer configured")) continue;
                    if (TellSystemd && path.EndsWith(".timer", StringComparison.Ordinal)) Systemctl("disable", "--now", System.IO.Path.GetFileName(path));
                    File.Delete(path);
                }
            }
            var state = scheduler == MaintenanceScheduler.Cron ? "Registered" : "Written";
            if (TellSystemd && written > 0 && ShouldProcess(string.Join(", ", tasks.Select(t => t.UnitName + ".timer")), "systemctl daemon-reload and enable --now"))
            {
                Systemctl("daemon-reload");
                foreach (var task in tasks) Systemctl("enable", "--now", task.UnitName + ".timer");
                state = "Active";
            }
            else if (scheduler == MaintenanceScheduler.Systemd && written > 0)
            {
                WriteWarning(MaintenanceScheduler.SystemdRunning
                    ? $"The units are in '{directory}', not systemd's own folder, so systemd was not told. Link and start them: systemctl link {directory}/rostrvm-*.service {directory}/rostrvm-*.timer && systemctl enable --now " + string.Join(" ", tasks.Select(t => t.UnitName + ".timer"))
                    : $"systemd is not running on this machine: the units are written to '{directory}' but nothing will start them. Use -Scheduler Cron here, or where systemd runs copy them to /etc/systemd/system and run: systemctl daemon-reload && systemctl enable --now " + string.Join(" ", tasks.Select(t => t.UnitName + ".timer")));
            }
            else if (scheduler == MaintenanceScheduler.TaskScheduler && written > 0)
            {
                WriteWarning($"The task XML is written to '{directory}' (validated against the task schema). On the Windows server: schtasks /Create /XML \"<file>\" /TN \"\\Rostrvm\\<task name>\".");
            }
            if (written == 0) return;
            foreach (var task in tasks)
            {
                var registered = ToTask(task, scheduler, state, files.Where(f => FileBelongsTo(f.Path, task, scheduler)).Select(f => f.Path).ToArray());
                registered.Path = directory;
                WriteObject(registered);
            }
        }

        private static bool FileBelongsTo(string path, MaintenanceTaskDefinition task, string scheduler)
        {
            var name = System.IO.Path.GetFileName(path);
            return scheduler == MaintenanceScheduler.Cron
                || name.StartsWith(task.UnitName + ".", StringComparison.Ordinal)
                || name == task.TaskName + ".xml";
        }

        private void RegisterWindows(System.Collections.Generic.IReadOnlyList<MaintenanceTaskDefinition> tasks)
        {
            const string script = @"param($name, $folder, $xml, $user, $password)
$arguments = @{ TaskName = $name; TaskPath = $folder; Xml = $xml; Force = $true }
if ($user) { $arguments.User = $user; if ($password) { $arguments.Password = $password } }
Register-ScheduledTask @arguments | Out-Null
$info = Get-ScheduledTaskInfo -TaskName $name -TaskPath $folder
$info.NextRunTime";
            foreach (var task in tasks)
            {
                var xml = TaskSchedulerXml.Generate(task, TaskCredential != null);
                TaskSchedulerXml.Validate(xml);
                if (!ShouldProcess(TaskSchedulerXml.Folder + task.TaskName, "Register scheduled task (" + task.ScheduleText + ")")) continue;
                var next = InvokeNested(script, task.TaskName, TaskSchedulerXml.Folder, xml, task.Account,
                    TaskCredential?.GetNetworkCredential().Password).Select(o => o?.BaseObject).OfType<DateTime>().FirstOrDefault();
                WriteObject(ToTask(task, MaintenanceScheduler.TaskScheduler, "Ready", new string[0], next == default(DateTime) ? (DateTime?)null : next));
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
