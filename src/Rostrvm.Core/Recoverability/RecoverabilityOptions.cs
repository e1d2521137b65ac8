using System;
using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Recoverability
{
    /// <summary>Where to look and what counts as late, for one recoverability check.</summary>
    public sealed class RecoverabilityOptions
    {
        /// <summary>
        /// A check of <paramref name="database"/> (the settings' database when none is given) where the
        /// settings keep things: BackupPath (unless <paramref name="backupFolder"/> is given), BinlogPath,
        /// BinlogBackupPath and the backup-test records beside the history.
        /// </summary>
        public static RecoverabilityOptions From(RostrvmSettings settings, string? database, string? backupFolder = null) =>
            new RecoverabilityOptions
            {
                Database = database is { Length: > 0 } ? database : settings.EffectiveDatabase,
                BackupFolder = string.IsNullOrEmpty(backupFolder) ? settings.EffectiveBackupPath : backupFolder,
                ServerBinlogFolder = settings.BinlogPath,
                BinlogCopyFolder = settings.EffectiveBinlogBackupPath,
                Ledger = BackupTestLedger.From(settings),
            };

        public string Database { get; set; } = "";
        public string? BackupFolder { get; set; }
        /// <summary>The server's binlog directory when it is configured (BinlogPath); else the server's log_bin_basename is used.</summary>
        public string? ServerBinlogFolder { get; set; }
        public string? BinlogCopyFolder { get; set; }
        public BackupTestLedger? Ledger { get; set; }
        /// <summary>A newest binlog copy older than this is BinlogCopyStale (default 26 hours: one nightly copy and some slack).</summary>
        public TimeSpan MaxRpo { get; set; } = TimeSpan.FromHours(26);
        /// <summary>A newest backup older than this is BackupStale (default 8 days: one weekly backup and some slack).</summary>
        public TimeSpan MaxBackupAge { get; set; } = TimeSpan.FromDays(8);
    }
}
