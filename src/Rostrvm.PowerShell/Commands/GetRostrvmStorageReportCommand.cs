using System;
using System.Management.Automation;
using Rostrvm.Core.Storage;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// Space used by the database, binlogs, backups, MIS extracts, logs and archives; free space per
    /// volume; growth per day; days until full; hours of recording left. Warns under the thresholds.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RostrvmStorageReport")]
    [OutputType(typeof(StorageUsage))]
    public sealed class GetRostrvmStorageReportCommand : RostrvmDatabaseCmdlet
    {
        /// <summary>Days over which growth is measured (default 28).</summary>
        [Parameter]
        [ValidateRange(1, 3650)]
        public int GrowthDays { get; set; } = 28;

        /// <summary>Report only the folders, without asking the database server.</summary>
        [Parameter]
        public SwitchParameter NoDatabase { get; set; }

        protected override void EndProcessing()
        {
            var settings = Settings;
            var connection = NoDatabase ? null : Connection;
            try
            {
                var reporter = new StorageReporter(settings, Reporter) { GrowthDays = GrowthDays };
                foreach (var usage in Run(token => reporter.ReportAsync(connection, token))) WriteObject(usage);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                WriteFailure(ex, settings.Root);
            }
            base.EndProcessing();
        }
    }
}
