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
        public string RunId { get; set; } = "";
        /// <summary>The run's name: Nightly, Weekly, RecordingArchive, or a custom script's name.</summary>
        public string RunName { get; set; } = "";
        /// <summary>The job's name within the run, e.g. MisExport.</summary>
        public string Job { get; set; } = "";
        /// <summary>The cmdlet the job calls.</summary>
        public string? Command { get; set; }
        public string ComputerName { get; set; } = "";
        /// <summary>The moment the run was for (the script's -Now), local time.</summary>
        public DateTime RunFor { get; set; }
        public DateTime Start { get; set; }
        public DateTime End { get; set; }
        public double DurationSeconds { get; set; }
        /// <summary>Succeeded or Failed.</summary>
        public string Outcome { get; set; } = "";
        /// <summary>The job's output summarised, e.g. "1 BackupInfo: Slot=2, Rows=12345".</summary>
        public string? Figures { get; set; }
        /// <summary>Per named part of the output (a storage report's components), the figure plotted over the nights: its UsedBytes. Null
        /// when the output names no parts.</summary>
        public Dictionary<string, double>? Samples { get; set; }
        public int OutputCount { get; set; }
        public string[] Warnings { get; set; } = new string[0];
        /// <summary>The first error's id (FullyQualifiedErrorId) when the job failed.</summary>
        public string? ErrorId { get; set; }
        public string? ErrorMessage { get; set; }
        /// <summary>How many errors the job reported.</summary>
        public int ErrorCount { get; set; }
        public string? TranscriptPath { get; set; }

        public bool Failed => string.Equals(Outcome, MaintenanceOutcome.Failed, StringComparison.OrdinalIgnoreCase);

        public override string ToString() => $"{RunName}/{Job} {Outcome} {Start:yyyy-MM-dd HH:mm}";
    }
}
