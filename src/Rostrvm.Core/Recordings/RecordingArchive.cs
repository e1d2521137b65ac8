using System;

namespace Rostrvm.Core.Recordings
{
    /// <summary>One archive file: what Move-RostrvmRecording wrote and Get-RostrvmRecordingArchive lists.</summary>
    public sealed class RecordingArchive
    {
        public string Name { get; set; } = "";
        public string Path { get; set; } = "";
        public string Kind { get; set; } = "";
        public DateTime From { get; set; }
        public DateTime To { get; set; }
        /// <summary>Recordings in the archive.</summary>
        public int Count { get; set; }
        /// <summary>Total bytes of the recordings' bodies.</summary>
        public long Bytes { get; set; }
        /// <summary>Size of the archive file.</summary>
        public long Size { get; set; }
        public bool Encrypted { get; set; }
        /// <summary>Archived, Reconciled, Ok, Verified, Damaged, Unreadable, PasswordRequired, Pending.</summary>
        public string? Status { get; set; }
        /// <summary>The recording ids the archive holds.</summary>
        public long[] Ids { get; set; } = new long[0];
        /// <summary>Recordings that the archive should hold but that cannot be read back from it.</summary>
        public long[] UnreadableIds { get; set; } = new long[0];
        public string? Message { get; set; }

        public override string ToString() => Name;
    }
}
