using System;
using System.Management.Automation;
using Rostrvm.Core.Logs;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// The manual purge the product guide describes: delete logs, and log zips in month folders,
    /// last written longer ago than -OlderThan; remove month folders left empty.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "RostrvmLog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(LogFileResult))]
    public sealed class RemoveRostrvmLogCommand : LogPurgeCmdlet
    {
        /// <summary>Delete what was last written longer ago than this (a number means days).</summary>
        [Parameter(Mandatory = true)]
        [DaysTransformation]
        public TimeSpan OlderThan { get; set; }

        protected override void ProcessRecord()
        {
            CheckAge(OlderThan, allowZero: false, "-OlderThan must be more than zero: Remove-RostrvmLog never deletes today's logs.");
            Purge(LogPurgeRequest.Removal(Settings, Now, OlderThan, LogDirectory));
        }
    }
}
