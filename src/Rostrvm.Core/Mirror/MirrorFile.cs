using System;

namespace Rostrvm.Core.Mirror
{
    /// <summary>A file on a mirror, as Sync-RostrvmMirror reports it.</summary>
    public sealed class MirrorFile
    {
        public string Mirror { get; set; } = "";
        /// <summary>Path relative to the mirror's root, '/' separated.</summary>
        public string RelativePath { get; set; } = "";
        public string Name { get; set; } = "";
        public long Size { get; set; }
        public DateTime LastWriteTimeUtc { get; set; }
        /// <summary>Copied, AlreadyMirrored, Removed (retention), Failed.</summary>
        public string Action { get; set; } = "";
        public string? Problem { get; set; }

        public override string ToString() => Mirror + "/" + RelativePath;
    }
}
