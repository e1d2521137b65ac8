namespace Rostrvm.Core.Backup
{
    /// <summary>One table of a tested backup.</summary>
    public sealed class BackupTableTestResult
    {
        public string Table { get; set; } = "";
        public bool Passed { get; set; }
        public long ExpectedRows { get; set; }
        public long ActualRows { get; set; }
        public string? ExpectedDigest { get; set; }
        public string? ActualDigest { get; set; }
        /// <summary>What CHECK TABLE said (OK when healthy); null when the table is missing after the load.</summary>
        public string? CheckTable { get; set; }
        /// <summary>Null when the table passed.</summary>
        public string? Problem { get; set; }
    }
}
