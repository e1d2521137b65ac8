using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>What Backup-RostrvmBinlog did to one file.</summary>
    public sealed class BinlogBackupResult
    {
        public string Name { get; set; } = "";
        /// <summary>Copied, AlreadyCopied, Removed, Active (left for the next run).</summary>
        public string Action { get; set; } = "";
        /// <summary>The server's file; null for a removed copy.</summary>
        public string? Source { get; set; }
        /// <summary>The copy; null for the active file.</summary>
        public string? Destination { get; set; }
        public long Size { get; set; }
        public long Events { get; set; }
        public long VerifiedChecksums { get; set; }
        public DateTime? LastEventTimeUtc { get; set; }
    }
}
