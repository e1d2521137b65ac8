using System;

namespace Rostrvm.Core.Mis
{
    /// <summary>Rows of one table and day older than the retention: what a purge would delete.</summary>
    public sealed class MisPurgeCandidate
    {
        public DateTime Date { get; set; }
        public string Table { get; set; } = "";
        public long Rows { get; set; }
    }
}
