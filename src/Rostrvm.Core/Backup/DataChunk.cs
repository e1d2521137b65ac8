namespace Rostrvm.Core.Backup
{
    /// <summary>One key range of one table, dumped by one worker.</summary>
    internal sealed class DataChunk
    {
        public DataChunk(DumpTable table, string? where, TableDigest digest, long estimatedBytes)
        {
            Table = table;
            Where = where;
            Digest = digest;
            EstimatedBytes = estimatedBytes;
        }

        public int Index { get; set; }
        public DumpTable Table { get; }
        /// <summary>The key range's WHERE condition; null for the whole table.</summary>
        public string? Where { get; }
        public TableDigest Digest { get; }
        /// <summary>For handing the biggest chunks out first, so that the workers finish together.</summary>
        public long EstimatedBytes { get; }
    }
}
