using Rostrvm.Core.Configuration;
using Rostrvm.Core.Connection;

namespace Rostrvm.Core.Backup
{
    /// <summary>What Backup-RostrvmDatabase was asked to do.</summary>
    public sealed class BackupOptions
    {
        /// <summary>
        /// A backup as the settings describe it (BackupPath, BackupCycle, BackupCompress and
        /// BackupCompression, LockTimeoutSeconds, the version); each argument given overrides its setting.
        /// </summary>
        public static BackupOptions From(RostrvmSettings settings, ConnectionOptions connection, string? folder = null,
            int? cycle = null, BackupCompression? compression = null) => new BackupOptions
        {
            Connection = connection,
            Folder = folder is { Length: > 0 } ? folder : settings.EffectiveBackupPath,
            VersionNumber = settings.VersionNumber,
            Cycle = cycle ?? settings.BackupCycle,
            Compression = compression ?? settings.EffectiveBackupCompression,
            LockTimeoutSeconds = settings.LockTimeoutSeconds,
        };

        /// <summary>Required: the server and database to back up.</summary>
        public ConnectionOptions Connection { get; set; } = null!;
        /// <summary>The folder the .rbk goes to (settings: BackupPath, default &lt;root&gt;/backups).</summary>
        public string Folder { get; set; } = "";
        /// <summary>The product version without dots, e.g. 920: names the cycle files.</summary>
        public string VersionNumber { get; set; } = "";
        public int Cycle { get; set; } = 2;
        /// <summary>None (.rbk), Gzip (.rbk.gz) or Zstd (.rbk.zst).</summary>
        public BackupCompression Compression { get; set; }
        /// <summary>When set, the verified file is written as OpenPGP for this key (.rbk.gpg) and no plain copy is kept.</summary>
        public Encryption.OpenPgpRecipient? EncryptFor { get; set; }
        /// <summary>Connections reading in parallel, all in the same snapshot.</summary>
        public int Workers { get; set; } = DefaultWorkers;

        /// <summary>
        /// One core is left to the server and the file writer: on a 2-core machine one reader was
        /// measured faster than two (bench/results.md); 4 cores get 3.
        /// </summary>
        public static int DefaultWorkers => System.Math.Max(1, System.Math.Min(4, System.Environment.ProcessorCount - 1));
        /// <summary>Upper bound of one INSERT statement (also kept below the server's max_allowed_packet).</summary>
        public int StatementBytes { get; set; } = 1 << 20;
        /// <summary>Table data per key-range chunk at least, estimated from DATA_LENGTH (see DumpPlan: more in a large database).</summary>
        public long ChunkBytes { get; set; } = 24L << 20;
        /// <summary>How long to wait for another backup of the same database to finish.</summary>
        public int LockTimeoutSeconds { get; set; } = 600;
    }
}
