using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>One binlog file: what Get-RostrvmBinlog shows and Get-RostrvmBinlogEvent takes from the pipeline.</summary>
    public sealed class BinlogFileInfo
    {
        public string Name { get; set; } = "";
        /// <summary>Full path; empty for a remote server's file that cannot be read here.</summary>
        public string? Path { get; set; }
        public int Sequence { get; set; }
        public long Size { get; set; }
        public DateTime? FirstEventTimeUtc { get; set; }
        public DateTime? FirstEventTime { get; set; }
        public DateTime? LastEventTimeUtc { get; set; }
        public DateTime? LastEventTime { get; set; }
        public long ServerId { get; set; }
        public string? Flavor { get; set; }
        public string? ServerVersion { get; set; }
        public string? Checksum { get; set; }
        /// <summary>False while the server writes it (or after a crash); true once the server closed it.</summary>
        public bool? ClosedCleanly { get; set; }
        /// <summary>True when the server says it is the file it writes now.</summary>
        public bool IsActive { get; set; }
        public long? EventCount { get; set; }
        /// <summary>With -Verify: every event read and (when the file has them) every checksum verified.</summary>
        public bool? ChecksumsVerified { get; set; }
        public long? VerifiedEvents { get; set; }
        /// <summary>With -Verify: rows whose images were decoded.</summary>
        public long? VerifiedRows { get; set; }
        /// <summary>Why the file could not be read or verified; null when fine.</summary>
        public string? Problem { get; set; }
        /// <summary>Byte position of the problem in the file.</summary>
        public long? ProblemPosition { get; set; }
        /// <summary>The error id of the problem (BinlogChecksumMismatch, BinlogTruncated...).</summary>
        public string? ProblemId { get; set; }
        /// <summary>Closed, NotClosed, Active, Damaged (see Problem) or NotABinlog (named like one, without the binlog magic).</summary>
        public string? Status { get; set; }
    }
}
