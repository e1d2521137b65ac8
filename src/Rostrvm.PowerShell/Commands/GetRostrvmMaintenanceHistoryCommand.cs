using System;
using System.Management.Automation;
using Rostrvm.Core.Maintenance;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// What the scheduled jobs did: by default the last run of each job; -Days N every run in the
    /// last N days; -Failed only failures. The morning check.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RostrvmMaintenanceHistory")]
    [OutputType(typeof(MaintenanceHistoryEntry))]
    public sealed class GetRostrvmMaintenanceHistoryCommand : RostrvmCmdlet
    {
        /// <summary>Only these jobs (MisExport, FullBackup ...); wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.MaintenanceJobNameCompleter))]
        public string[]? Job { get; set; }

        /// <summary>Only these runs (Nightly, Weekly, RecordingArchive).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? RunName { get; set; }

        /// <summary>Every entry that started in the last N days, instead of the last run of each job.</summary>
        [Parameter]
        [ValidateRange(1, 36500)]
        public int Days { get; set; }

        /// <summary>Only failed jobs.</summary>
        [Parameter]
        public SwitchParameter Failed { get; set; }

        /// <summary>The history folder; default HistoryPath from the settings (&lt;root&gt;/maintenance/history).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        protected override void EndProcessing()
        {
            var given = string.IsNullOrEmpty(Path) ? null : GetUnresolvedProviderPathFromPSPath(Path);
            var directory = MaintenanceHistoryFolder.From(Settings, given).Path;
            var store = new MaintenanceHistoryStore(directory);
            System.Collections.Generic.IReadOnlyList<MaintenanceHistoryEntry> all;
            try { all = store.ReadAll(WriteWarning); }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowFailure(ex, directory); return; }
            var days = MyInvocation.BoundParameters.ContainsKey(nameof(Days)) ? Days : (int?)null;
            var patterns = Job == null ? null : Array.ConvertAll(Job, j => WildcardPattern.Get(j, WildcardOptions.IgnoreCase));
            var names = RunName == null ? null : Array.ConvertAll(RunName, j => WildcardPattern.Get(j, WildcardOptions.IgnoreCase));
            var filtered = new System.Collections.Generic.List<MaintenanceHistoryEntry>();
            foreach (var entry in all)
            {
                if (patterns != null && !Array.Exists(patterns, p => p.IsMatch(entry.Job ?? string.Empty))) continue;
                if (names != null && !Array.Exists(names, p => p.IsMatch(entry.RunName ?? string.Empty))) continue;
                filtered.Add(entry);
            }
            foreach (var entry in MaintenanceHistoryStore.Select(filtered, DateTime.Now, days, Failed.IsPresent))
                WriteObject(entry);
            base.EndProcessing();
        }
    }
}
