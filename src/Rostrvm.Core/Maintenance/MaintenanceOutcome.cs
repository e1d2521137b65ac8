
namespace Rostrvm.Core.Maintenance
{
    /// <summary>The outcomes a job can have.</summary>
    public static class MaintenanceOutcome
    {
        public const string Succeeded = "Succeeded";
        public const string Failed = "Failed";
        /// <summary>Left out of a dry run: its command has no -WhatIf.</summary>
        public const string Skipped = "Skipped";
    }
}
