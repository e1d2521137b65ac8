using System;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>A whole maintenance run: what the shipped scripts return and exit on.</summary>
    public sealed class MaintenanceRun
    {
        public string RunId { get; set; } = "";
        public string RunName { get; set; } = "";
        public string ComputerName { get; set; } = "";
        public DateTime RunFor { get; set; }
        public DateTime Start { get; set; }
        public DateTime End { get; set; }
        public int Succeeded { get; set; }
        public int Failed { get; set; }
        public string[] FailedJobs { get; set; } = new string[0];
        public MaintenanceHistoryEntry[] Jobs { get; set; } = new MaintenanceHistoryEntry[0];
        public string? HistoryFile { get; set; }
        public string? TranscriptPath { get; set; }
        /// <summary>A dry run (-WhatIf): each job ran under -WhatIf, nothing changed and no history was written.</summary>
        public bool WhatIf { get; set; }

        /// <summary>0 when every job succeeded, 1 when any failed: what the scheduler shows.</summary>
        public int ExitCode => Failed > 0 ? 1 : 0;

        public override string ToString() => $"{RunName} {Start:yyyy-MM-dd HH:mm}: {Succeeded} succeeded, {Failed} failed";
    }
}
