#nullable disable
using System;
using System.Collections.Generic;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>
    /// What one job of one maintenance run did: when, how it ended, its figures and its error.
    /// Plain properties only, so it survives remoting and JSON.
    /// </summary>
    public sealed class MaintenanceHistoryEntry
    {
        /// <summary>Identifies the run; every job of one run shares it.</summary>
        public string RunId { get; set; }
        /// <summary>The run's name: Nightly, Weekly, RecordingArchive, or a custom script's name.</summary>
        public string RunName { get; set; }
        /// <summary>The job's name within the run, e.g. MisExport.</summary>
        public string Job { get; set; }
        /// <summary>The cmdlet the job calls.</summary>
        public string Command { get; set; }
        public string ComputerName { get; set; }
        /// <summary>The moment the run was for (the script's -Now), local time.</summary>
        public DateTime RunFor { get; set; }
        public DateTime Start { get; set; }
        public DateTime End { get; set; }
        public double DurationSeconds { get; set; }
        /// <summary>Succeeded or Failed.</summary>
        public string Outcome { get; set; }
        /// <summary>The job's output summarised, e.g. "1 BackupInfo: Slot=2, Rows=12345".</summary>
        public string Figures { get; set; }
        /// <summary>Per named part of the output (a storage report's components), the figure plotted over the nights: its UsedBytes. Null
        /// when the output names no parts.</summary>
        public Dictionary<string, double> Samples { get; set; }
        public int OutputCount { get; set; }
        public string[] Warnings { get; set; } = new string[0];
        /// <summary>The first error's id (FullyQualifiedErrorId) when the job failed.</summary>
        public string ErrorId { get; set; }
        public string ErrorMessage { get; set; }
        /// <summary>How many errors the job reported.</summary>
        public int ErrorCount { get; set; }
        public string TranscriptPath { get; set; }

        public bool Failed => string.Equals(Outcome, MaintenanceOutcome.Failed, StringComparison.OrdinalIgnoreCase);

        public override string ToString() => $"{RunName}/{Job} {Outcome} {Start:yyyy-MM-dd HH:mm}";
    }

    /// <summary>The outcomes a job can have.</summary>
    public static class MaintenanceOutcome
    {
        public const string Succeeded = "Succeeded";
        public const string Failed = "Failed";
        /// <summary>Left out of a dry run: its command has no -WhatIf.</summary>
        public const string Skipped = "Skipped";
    }

    /// <summary>A whole maintenance run: what the shipped scripts return and exit on.</summary>
    public sealed class MaintenanceRun
    {
        public string RunId { get; set; }
        public string RunName { get; set; }
        public string ComputerName { get; set; }
        public DateTime RunFor { get; set; }
        public DateTime Start { get; set; }
        public DateTime End { get; set; }
        public int Succeeded { get; set; }
        public int Failed { get; set; }
        public string[] FailedJobs { get; set; } = new string[0];
        public MaintenanceHistoryEntry[] Jobs { get; set; } = new MaintenanceHistoryEntry[0];
        public string HistoryFile { get; set; }
        public string TranscriptPath { get; set; }
        /// <summary>A dry run (-WhatIf): each job ran under -WhatIf, nothing changed and no history was written.</summary>
        public bool WhatIf { get; set; }

        /// <summary>0 when every job succeeded, 1 when any failed: what the scheduler shows.</summary>
        public int ExitCode => Failed > 0 ? 1 : 0;

        public override string ToString() => $"{RunName} {Start:yyyy-MM-dd HH:mm}: {Succeeded} succeeded, {Failed} failed";
    }
}
