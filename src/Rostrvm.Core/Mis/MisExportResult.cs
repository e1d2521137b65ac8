using System;

namespace Rostrvm.Core.Mis
{
    /// <summary>One table's extract for one day (Export-RostrvmMis output).</summary>
    public sealed class MisExportResult
    {
        public DateTime Date { get; set; }
        public string Table { get; set; } = "";
        /// <summary>Rows in the CSV.</summary>
        public long Rows { get; set; }
        /// <summary>Of those, rows kept from an earlier extract that the database no longer holds.</summary>
        public long KeptRows { get; set; }
        public long Bytes { get; set; }
        public string Path { get; set; } = "";
        public string? Sha256 { get; set; }
    }
}
