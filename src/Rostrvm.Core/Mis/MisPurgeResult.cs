using System;

namespace Rostrvm.Core.Mis
{
    /// <summary>One table's purge for one day (Invoke-RostrvmMisPurge output).</summary>
    public sealed class MisPurgeResult
    {
        public DateTime Date { get; set; }
        public string Table { get; set; } = "";
        /// <summary>Rows deleted from the database.</summary>
        public long Deleted { get; set; }
        /// <summary>Rows left because they appeared during the purge and could not be verified in time.</summary>
        public long Remaining { get; set; }
        public int Batches { get; set; }
        /// <summary>True when the day had to be (re-)extracted first.</summary>
        public bool Extracted { get; set; }
        public string? ExtractPath { get; set; }
    }
}
