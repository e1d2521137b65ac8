using System;

namespace Rostrvm.Core.Recordings
{
    /// <summary>How many recordings a run would move, per kind (what -WhatIf says).</summary>
    public sealed class RecordingArchivePlan
    {
        public string Kind { get; set; } = "";
        public string? Table { get; set; }
        public long Count { get; set; }
        public long Bytes { get; set; }
        public DateTime? From { get; set; }
        public DateTime? To { get; set; }
    }
}
