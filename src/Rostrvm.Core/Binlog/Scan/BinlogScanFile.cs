namespace Rostrvm.Core.Binlog
{
    /// <summary>One file of the chain a <see cref="BinlogScan"/> reads, with the bytes of it to read.</summary>
    public sealed class BinlogScanFile
    {
        public BinlogScanFile(string path, long startPosition = 4, long? stopPosition = null)
        {
            Path = path;
            StartPosition = startPosition;
            StopPosition = stopPosition;
        }

        public string Path { get; }

        /// <summary>Where reading starts (the format description is always read first).</summary>
        public long StartPosition { get; }

        /// <summary>
        /// Where reading ends without it being a stop (a file still being written is read only
        /// up to its length when the plan was made); null: to the end.
        /// </summary>
        public long? StopPosition { get; }
    }
}
