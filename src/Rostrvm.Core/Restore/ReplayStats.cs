using System;
using System.Collections.Generic;

namespace Rostrvm.Core.Restore
{
    /// <summary>What a replay applied.</summary>
    public sealed class ReplayStats
    {
        public long Events { get; set; }
        public long Statements { get; set; }
        /// <summary>Transactions of the replayed databases applied (the last one is LastFile/LastPosition).</summary>
        public long Transactions { get; set; }
        /// <summary>Transactions of other databases in the range, of which nothing was applied.</summary>
        public long SkippedOtherDatabases { get; set; }
        /// <summary>Such transactions of scratch databases (rostrvm_test_...).</summary>
        public long SkippedScratch { get; set; }
        public string? LastFile { get; set; }
        public long LastPosition { get; set; }
        public DateTime? LastTimeUtc { get; set; }
        public string? LastGtid { get; set; }
        public List<string> Notes { get; } = new List<string>();
        public TimeSpan Duration { get; set; }
    }
}
