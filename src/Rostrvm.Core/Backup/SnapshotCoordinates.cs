using System;

namespace Rostrvm.Core.Backup
{
    /// <summary>Where the binlog stood at the snapshot every worker reads from.</summary>
    public sealed class SnapshotCoordinates
    {
        /// <summary>Empty when the server writes no binary log.</summary>
        public string BinlogFile { get; set; } = "";
        public long BinlogPosition { get; set; }
        public string Gtid { get; set; } = "";
        public DateTime TimeUtc { get; set; }
        public string Method { get; set; } = "";
        /// <summary>How many worker connections share the snapshot (others were closed).</summary>
        public int Workers { get; set; }
    }
}
