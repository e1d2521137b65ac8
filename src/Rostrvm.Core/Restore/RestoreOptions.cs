using System.IO;
using Rostrvm.Core.Connection;

namespace Rostrvm.Core.Restore
{
    /// <summary>How to carry out a plan.</summary>
    public sealed class RestoreOptions
    {
        /// <summary>
        /// How a plan is carried out unless told otherwise: safety backups in &lt;BackupPath&gt;/safety,
        /// the settings' version.
        /// </summary>
        public static RestoreOptions From(Configuration.RostrvmSettings settings, ConnectionOptions connection, RestorePlan plan) =>
            new RestoreOptions
            {
                Connection = connection,
                Plan = plan,
                SafetyBackupFolder = Path.Combine(settings.EffectiveBackupPath, "safety"),
                VersionNumber = settings.VersionNumber,
            };

        /// <summary>The server (any database); the plan names the databases.</summary>
        // Both are required: Restore-RostrvmDatabase sets them on every run.
        public ConnectionOptions Connection { get; set; } = null!;
        public RestorePlan Plan { get; set; } = null!;
        /// <summary>-NoBinlog: SET sql_log_bin=0 on every restoring session.</summary>
        public bool NoBinlog { get; set; }
        public bool SkipSafetyBackup { get; set; }
        /// <summary>Where safety backups go (default &lt;BackupPath&gt;/safety: the planner never picks them).</summary>
        public string? SafetyBackupFolder { get; set; }
        public string VersionNumber { get; set; } = "920";
        public string? ServiceName { get; set; }
        /// <summary>Connections loading the .rbk.</summary>
        public int LoadConnections { get; set; } = 2;
        /// <summary>-InPlace: drop and rebuild the target itself (safety backup first) instead of staging it.</summary>
        public bool InPlace { get; set; }
        /// <summary>-KeepPrevious: keep the swapped-out tables in &lt;target&gt;_p&lt;time&gt; instead of dropping them.</summary>
        public bool KeepPrevious { get; set; }
        /// <summary>-RaiseMaxAllowedPacket: raise the server's max_allowed_packet for the replay when the plan's largest event needs it,
        /// and set it back after.</summary>
        public bool RaiseMaxAllowedPacket { get; set; }
    }
}
