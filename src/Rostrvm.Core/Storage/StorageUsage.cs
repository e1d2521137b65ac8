using System;

namespace Rostrvm.Core.Storage
{
    /// <summary>One line of the storage report: what a component uses and what its volume has left.</summary>
    public sealed class StorageUsage
    {
        /// <summary>Database, Binlogs, Backups, BinlogBackups, MisExtracts, Logs, Archives.</summary>
        public string Component { get; set; } = "";
        public string Path { get; set; } = "";
        public long UsedBytes { get; set; }
        public int Files { get; set; }
        /// <summary>Bytes added per day over the window (from file dates; for the database, from row times).</summary>
        public long GrowthBytesPerDay { get; set; }
        /// <summary>Mount point or drive holding the path; empty when it is not on this machine.</summary>
        public string? Volume { get; set; }
        public long VolumeSizeBytes { get; set; }
        public long VolumeFreeBytes { get; set; }
        public double VolumeFreePercent { get; set; }
        /// <summary>Growth per day of everything in the report on the same volume.</summary>
        public long VolumeGrowthBytesPerDay { get; set; }
        /// <summary>Days until the volume is full at that growth; null when nothing grows.</summary>
        public double? DaysUntilFull { get; set; }
        /// <summary>Hours of recording the free space holds (about 1,000 hours per GB).</summary>
        public double FreeRecordingHours { get; set; }
        /// <summary>Why the volume needs attention; empty when it does not.</summary>
        public string? Warning { get; set; }
        public DateTime MeasuredAt { get; set; }

        public override string ToString() => Component;
    }
}
