using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Binlog
{
    /// <summary>Where Backup-RostrvmBinlog puts its copies and where it looks for what decides them.</summary>
    public sealed class BinlogBackupOptions
    {
        private BinlogBackupOptions(string destination, string backupFolder, string? serverBinlogFolder)
        {
            Destination = destination;
            BackupFolder = backupFolder;
            ServerBinlogFolder = serverBinlogFolder;
        }

        /// <summary>Where the copies go: the folder given, else BinlogBackupPath (root/backups/binlog).</summary>
        public string Destination { get; }

        /// <summary>The full backups (BackupPath) whose binlog positions say which copies are still needed.</summary>
        public string BackupFolder { get; }

        /// <summary>The server's binlog folder when the settings name it (BinlogPath); null: the server's own log_bin_basename.</summary>
        public string? ServerBinlogFolder { get; }

        /// <summary>
        /// A binlog copy as the settings describe it; <paramref name="destination"/>, when given, overrides BinlogBackupPath.
        /// </summary>
        public static BinlogBackupOptions From(RostrvmSettings settings, string? destination = null) =>
            new BinlogBackupOptions(destination is { Length: > 0 } ? destination : settings.EffectiveBinlogBackupPath,
                settings.EffectiveBackupPath, settings.BinlogPath);
    }
}
