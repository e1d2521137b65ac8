using System;

namespace Rostrvm.Core.Backup
{
    /// <summary>What Backup-RostrvmScript returns.</summary>
    public sealed class ScriptBackupInfo
    {
        public string Path { get; set; } = "";
        public int Slot { get; set; }
        public string[] Folders { get; set; } = Array.Empty<string>();
        public string[] MissingFolders { get; set; } = Array.Empty<string>();
        public int Files { get; set; }
        /// <summary>Bytes of the files zipped (uncompressed).</summary>
        public long Bytes { get; set; }
        public long FileSize { get; set; }
        public bool Verified { get; set; }
        public TimeSpan Duration { get; set; }
    }
}
