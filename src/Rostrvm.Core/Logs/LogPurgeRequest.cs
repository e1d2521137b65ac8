using System;
using System.Collections.Generic;

namespace Rostrvm.Core.Logs
{
    /// <summary>What the log job should do, and to which directory.</summary>
    public sealed class LogPurgeRequest
    {
        public string Directory { get; set; } = "";
        public IReadOnlyList<string> Patterns { get; set; } = Array.Empty<string>();
        /// <summary>The job's clock (local unless its Kind says UTC); tests pass a fake one.</summary>
        public DateTime Now { get; set; } = DateTime.Now;
        /// <summary>Logs last written longer ago than this are zipped; null: no compression.</summary>
        public TimeSpan? CompressOlderThan { get; set; }
        /// <summary>Logs and log zips last written longer ago than this are deleted; null: none.</summary>
        public TimeSpan? DeleteOlderThan { get; set; }
    }
}
