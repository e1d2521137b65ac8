using System;

namespace Rostrvm.Core.Recoverability
{
    /// <summary>
    /// What the last Test-RostrvmBackup of one backup found, kept by the backup's SHA-256 so a
    /// new backup written into the same cycle slot is never taken for a tested one.
    /// </summary>
    public sealed class BackupTestRecord
    {
        public string? Sha256 { get; set; }
        public string? BackupName { get; set; }
        public DateTime TestedAtUtc { get; set; }
        public bool Passed { get; set; }
        /// <summary>SQL bytes of the backup (its completion line's figure).</summary>
        public long Bytes { get; set; }
        public long Rows { get; set; }
        /// <summary>How long loading it into the scratch database took: the measured load rate.</summary>
        public double LoadSeconds { get; set; }

        /// <summary>Bytes loaded per second, or null when the load took no measurable time.</summary>
        public double? LoadBytesPerSecond => LoadSeconds > 0 && Bytes > 0 ? Bytes / LoadSeconds : (double?)null;
    }
}
