using System;
using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>One run's name, moment and settings, and where its transcript goes.</summary>
    public sealed class MaintenanceRunOptions
    {
        public string Name { get; set; } = "";
        public RostrvmSettings Settings { get; set; } = new RostrvmSettings();

        /// <summary>The moment the run is for; jobs derive their dates from it.</summary>
        public DateTime Now { get; set; } = DateTime.Now;

        /// <summary>The transcript file; null for RostrvmMaintenance-&lt;Name&gt;-&lt;time&gt;-&lt;id&gt;.log in the log folder.</summary>
        public string? TranscriptPath { get; set; }

        public bool NoTranscript { get; set; }

        /// <summary>How long to wait for another run's lock; null for the settings' LockTimeoutSeconds.</summary>
        public TimeSpan? LockTimeout { get; set; }

        public string ComputerName { get; set; } = Environment.MachineName;

        /// <summary>Where the run's history entries go: the settings' HistoryPath.</summary>
        public string HistoryFolder => MaintenanceHistoryFolder.From(Settings).Path;
    }
}
