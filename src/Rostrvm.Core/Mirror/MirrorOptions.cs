using System.Collections.Generic;

namespace Rostrvm.Core.Mirror
{
    /// <summary>Where the mirrors are and how to reach them (settings Mirror, MirrorKeyFile, MirrorRetentionDays, MirrorCycle).</summary>
    public sealed class MirrorOptions
    {
        public IReadOnlyList<string> Destinations { get; set; } = new string[0];
        /// <summary>Private SSH key for sftp:// mirrors; null = ~/.ssh/id_ed25519, then ~/.ssh/id_rsa.</summary>
        public string? KeyFile { get; set; }
        /// <summary>The file the sftp mirrors' host keys are pinned in.</summary>
        public string HostKeysPath { get; set; } = "";
        /// <summary>0 keeps every file on the mirrors.</summary>
        public int RetentionDays { get; set; }
        /// <summary>Full backups the retention always keeps on a mirror, newest first, whatever their age (at least 1).</summary>
        public int Cycle { get; set; } = 1;
    }
}
