using System;
using System.IO;
using System.Management.Automation;
using Rostrvm.Core.Backup;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>A consistent full dump of the rostrvm database into the next .rbk of the cycle.</summary>
    [Cmdlet(VerbsData.Backup, "RostrvmDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(BackupInfo))]
    public sealed class BackupRostrvmDatabaseCommand : RostrvmDatabaseCmdlet
    {
        protected override string LeftAsItWasWhenServerLost =>
            "The backups already in the folder are unchanged (the unfinished file never had a backup's name, and the next run removes " +
                "any left).";

        /// <summary>The backup folder; default BackupPath from the settings (&lt;root&gt;/backups).</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>How many backups the cycle keeps (slots 1..Cycle); default BackupCycle from the settings (2).</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int Cycle { get; set; }

        /// <summary>
        /// Write a compressed backup instead of .rbk: .rbk.gz unless -Compression or the BackupCompression setting says Zstd.
        /// </summary>
        [Parameter]
        public SwitchParameter Compress { get; set; }

        /// <summary>
        /// How to compress: Gzip (.rbk.gz) or Zstd (.rbk.zst); implies -Compress. Default BackupCompression from the settings.
        /// </summary>
        [Parameter]
        [ValidateSet(nameof(BackupCompression.Gzip), nameof(BackupCompression.Zstd))]
        public string? Compression { get; set; }

        /// <summary>Encrypt the backup (OpenPGP, .rbk.gpg) for this public key file or gpg key id; default EncryptionRecipient from the
        /// settings.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EncryptFor { get; set; }

        /// <summary>Connections reading in parallel within the one snapshot (default: cores - 1, 1 to 4).</summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = BackupOptions.DefaultWorkers;

        protected override void ProcessRecord()
        {
            var settings = Settings;
            var options = BackupOptions.From(settings, Connection,
                string.IsNullOrEmpty(Path) ? null : GetUnresolvedProviderPathFromPSPath(Path), this.ValueOrNull<int>(nameof(Cycle)),
                ChooseCompression(settings));
            options.Workers = ThrottleLimit;
            options.EncryptFor = EncryptionRecipientFor(EncryptFor);
            var folder = options.Folder;
            var target = $"{options.Connection.Database} -> {folder}";
            if (!ShouldProcess(target,
                $"Back up database '{options.Connection.Database}' into the next of {options.Cycle} cycle slot(s) in '{folder}' (the " +
                $"oldest backup is replaced only once the new one is complete)"))
                return;
            BackupInfo result;
            try
            {
                // A missing backup folder is created (owner-only), as every job creates where it writes.
                if (!Directory.Exists(folder)) Core.IO.FilePermissions.CreateOwnerOnlyFolder(folder);
                result = Run(token => DatabaseBackup.RunAsync(options, Reporter, token));
            }
            catch (Exception ex)
            {
                WriteFailure(ex, target);
                return;
            }
            WriteObject(result);
            PublishToMirrors(new[] { Rostrvm.Core.Mirror.MirrorLayout.Backup(result.Path) });
        }

        // -Compression alone compresses; -Compress alone takes the setting's kind (Gzip unless set), as before Zstd existed.
        /// <summary>The compression the parameters ask for; null leaves it to the settings.</summary>
        private BackupCompression? ChooseCompression(Core.Configuration.RostrvmSettings settings)
        {
            var compressBound = MyInvocation.BoundParameters.ContainsKey(nameof(Compress));
            var kindBound = MyInvocation.BoundParameters.ContainsKey(nameof(Compression));
            if (compressBound && !Compress.IsPresent && kindBound)
                ThrowFailure(new Core.Errors.RostrvmException("CompressionConflict", Core.Errors.FailureKind.InvalidArgument,
                    "-Compress:$false and -Compression contradict each other: give only one of them."), Compression);
            if (kindBound) return (BackupCompression)Enum.Parse(typeof(BackupCompression), Compression, true);
            if (!compressBound) return null;
            return Compress.IsPresent ? settings.CompressedBackupKind : BackupCompression.None;
        }
    }
}
