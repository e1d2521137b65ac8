using System.Collections.Generic;
using System.Linq;
using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Mirror
{
    /// <summary>Where the mirrors are and how to reach them (settings Mirror, MirrorKeyFile, MirrorRetentionDays, MirrorCycle).</summary>
    public sealed class MirrorOptions
    {
        /// <summary>
        /// The mirrors of the settings (Mirror, MirrorKeyFile, MirrorRetentionDays, MirrorCycle), host
        /// keys pinned beside the settings file; each argument given overrides its setting.
        /// </summary>
        public static MirrorOptions From(RostrvmSettings settings, IEnumerable<string>? destinations = null, int? retentionDays = null,
            int? cycle = null) => new MirrorOptions
        {
            Destinations = (destinations ?? settings.Mirror ?? new List<string>()).Where(d => !string.IsNullOrWhiteSpace(d)).ToList(),
            KeyFile = string.IsNullOrEmpty(settings.MirrorKeyFile) ? null : settings.MirrorKeyFile,
            HostKeysPath = System.IO.Path.Combine(SettingsFolder(settings), "mirror_known_hosts"),
            RetentionDays = retentionDays ?? settings.MirrorRetentionDays,
            Cycle = cycle ?? settings.MirrorCycle,
            LocalBackupFolder = settings.EffectiveBackupPath,
        };

        /// <summary>The folder of the settings file, where what belongs to this installation's mirrors is kept.</summary>
        public static string SettingsFolder(RostrvmSettings settings) =>
            System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(settings.SettingsPath ?? "RostrvmMaintenance.json"));

        public IReadOnlyList<string> Destinations { get; set; } = new string[0];
        /// <summary>Private SSH key for sftp:// mirrors; null = ~/.ssh/id_ed25519, then ~/.ssh/id_rsa.</summary>
        public string? KeyFile { get; set; }
        /// <summary>The file the sftp mirrors' host keys are pinned in.</summary>
        public string HostKeysPath { get; set; } = "";
        /// <summary>0 keeps every file on the mirrors.</summary>
        public int RetentionDays { get; set; }
        /// <summary>Full backups the retention always keeps on a mirror, newest first, whatever their age (at least 1).</summary>
        public int Cycle { get; set; } = 1;
        /// <summary>The local backup folder (BackupPath): the retention reads a mirrored backup's header from its local copy when
        /// there is one.</summary>
        public string? LocalBackupFolder { get; set; }
    }
}
