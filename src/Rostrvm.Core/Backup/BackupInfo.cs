using System;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// One backup file as Backup-RostrvmDatabase returns it and Get-RostrvmBackup lists it.
    /// Its Path, Database and binlog coordinates bind by property name to Test-RostrvmBackup and
    /// Restore-RostrvmDatabase.
    /// </summary>
    public sealed class BackupInfo
    {
        public string Path { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>The cycle slot n of rostrvm_&lt;vernum&gt;_&lt;n&gt;.rbk, 0 for other names.</summary>
        public int Slot { get; set; }
        /// <summary>Status of an encrypted backup listed without the key that opens it.</summary>
        public const string EncryptedStatus = "Encrypted";

        /// <summary>
        /// Complete, Incomplete (no completion line), Foreign (not a Rostrvm backup), Corrupt (checksum differs) or Encrypted (no
        /// -DecryptionKey to read it); every file the catalogue reads has one.
        /// </summary>
        public string Status { get; set; } = "";
        public bool Complete { get; set; }
        public bool Compressed { get; set; }
        /// <summary>None (.rbk), Gzip (.rbk.gz) or Zstd (.rbk.zst).</summary>
        public BackupCompression Compression { get; set; }
        /// <summary>True for an OpenPGP-encrypted backup (.rbk.gpg, .rbk.gz.gpg, .rbk.zst.gpg).</summary>
        public bool Encrypted { get; set; }
        /// <summary>From the header, as are the texts down to SnapshotMethod: null when there is none, or no key to read it.</summary>
        public string? Database { get; set; }
        public string? Flavor { get; set; }
        public string? ServerVersion { get; set; }
        public DateTime SnapshotTimeUtc { get; set; }
        public DateTime SnapshotTime { get; set; }
        public string? BinlogFile { get; set; }
        public long BinlogPosition { get; set; }
        public string? Gtid { get; set; }
        public string? SnapshotMethod { get; set; }
        public int Tables { get; set; }
        public long Rows { get; set; }
        /// <summary>Bytes of SQL before the completion line (uncompressed).</summary>
        public long Bytes { get; set; }
        /// <summary>Size of the file on disk.</summary>
        public long FileSize { get; set; }
        /// <summary>From the completion line; null when the file has none.</summary>
        public string? Sha256 { get; set; }
        /// <summary>True or false after -Verify recomputed the SHA-256; null when not checked.</summary>
        public bool? Verified { get; set; }
        public TimeSpan Duration { get; set; }
        /// <summary>The objects the header names; null when the file has no header.</summary>
        public string[]? Views { get; set; }
        public string[]? Routines { get; set; }
        public string[]? Triggers { get; set; }
        public string[]? Events { get; set; }
        /// <summary>Why the file is not usable, if it is not.</summary>
        public string? Problem { get; set; }
        public DateTime LastWriteTime { get; set; }

        public override string ToString() => Path;
    }
}
