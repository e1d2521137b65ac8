using System.Collections.Generic;
using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Backup
{
    /// <summary>What Get-RostrvmBackup lists: backup folders or files, and whether each file's SHA-256 is recomputed.</summary>
    public sealed class BackupCatalogOptions
    {
        private BackupCatalogOptions(IReadOnlyList<string> paths, bool verify)
        {
            Paths = paths;
            Verify = verify;
        }

        /// <summary>Backup folders or backup files: those given, else BackupPath.</summary>
        public IReadOnlyList<string> Paths { get; }

        /// <summary>Recompute each file's SHA-256 and compare it with its completion line (reads the whole file).</summary>
        public bool Verify { get; }

        /// <summary>A listing of <paramref name="paths"/>, or of the settings' BackupPath when none are given.</summary>
        public static BackupCatalogOptions From(RostrvmSettings settings, IReadOnlyList<string>? paths = null, bool verify = false) =>
            new BackupCatalogOptions(paths is { Count: > 0 } ? paths : new[] { settings.EffectiveBackupPath }, verify);
    }
}
