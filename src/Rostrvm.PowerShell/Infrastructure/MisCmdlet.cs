using System.Management.Automation;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>What the two MIS cmdlets share: which tables, and which extract folder.</summary>
    public abstract class MisCmdlet : RostrvmDatabaseCmdlet
    {
        /// <summary>Only these of the configured MIS tables.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Table { get; set; }

        /// <summary>The extract folder; default ExtractedMIS under the root (MisExtractPath setting).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

    }
}
