#nullable disable
using System;

namespace Rostrvm.Core.Mis
{
    /// <summary>One table's extract for one day (Export-RostrvmMis output).</summary>
    public sealed class MisExportResult
    {
        public DateTime Date { get; set; }
        public string Table { get; set; }
        /// <summary>Rows in the CSV.</summary>
        public long Rows { get; set; }
        /// <summary>Of those, rows kept from an earlier extract that the database no longer holds.</summary>
        public long KeptRows { get; set; }
        public long Bytes { get; set; }
        public string Path { get; set; }
        public string Sha256 { get; set; }
    }

    /// <summary>One table's purge for one day (Invoke-RostrvmMisPurge output).</summary>
    public sealed class MisPurgeResult
    {
        public DateTime Date { get; set; }
        public string Table { get; set; }
        /// <summary>Rows deleted from the database.</summary>
        public long Deleted { get; set; }
        /// <summary>Rows left because they appeared during the purge and could not be verified in time.</summary>
        public long Remaining { get; set; }
        public int Batches { get; set; }
        /// <summary>True when the day had to be (re-)extracted first.</summary>
        public bool Extracted { get; set; }
        public string ExtractPath { get; set; }
    }

    /// <summary>Rows of one table and day older than the retention: what a purge would delete.</summary>
    public sealed class MisPurgeCandidate
    {
        public DateTime Date { get; set; }
        public string Table { get; set; }
        public long Rows { get; set; }
    }
}
