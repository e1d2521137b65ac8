using System;
using System.Management.Automation;
using Rostrvm.Core.Logs;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// The nightly log purge: logs older than -OlderThan zipped into month folders (Nov26), logs
    /// and log zips older than -RetentionDays deleted, empty month folders removed.
    /// </summary>
    [Cmdlet(VerbsData.Compress, "RostrvmLog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [Alias("Compress-RostrvmLogs")]
    [OutputType(typeof(LogFileResult))]
    public sealed class CompressRostrvmLogCommand : LogPurgeCmdlet
    {
        /// <summary>Zip logs last written longer ago than this (a number means days); default LogCompressAfterDays (2).</summary>
        [Parameter]
        [DaysTransformation]
        public TimeSpan OlderThan { get; set; }

        /// <summary>Delete logs and log zips older than this many days; default LogRetentionDays (90).</summary>
        [Parameter]
        [ValidateRange(1, 36500)]
        public int RetentionDays { get; set; }

        protected override void ProcessRecord()
        {
            var request = LogPurgeRequest.Compression(Settings, Now, LogDirectory, this.ValueOrNull<TimeSpan>(nameof(OlderThan)),
                this.ValueOrNull<int>(nameof(RetentionDays)));
            CheckAge(request.CompressOlderThan.GetValueOrDefault(), allowZero: true, "-OlderThan must not be negative.");
            Purge(request);
        }
    }
}
