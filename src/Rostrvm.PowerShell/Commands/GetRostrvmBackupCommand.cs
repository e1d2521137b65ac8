using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Backup;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>The backups of a folder, newest first, from their header and completion lines.</summary>
    [Cmdlet(VerbsCommon.Get, "RostrvmBackup")]
    [OutputType(typeof(BackupInfo))]
    public sealed class GetRostrvmBackupCommand : RostrvmCmdlet
    {
        /// <summary>A backup folder or backup files; default BackupPath from the settings.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>Recompute each file's SHA-256 and compare it with its completion line (reads the whole file).</summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        /// <summary>Only backups of this database.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Database { get; set; }

        /// <summary>The private key that opens encrypted (.gpg) files: a key file path, or a PSCredential (user name = key file, password =
        /// passphrase).</summary>
        [Parameter]
        [ValidateNotNull]
        public object? DecryptionKey { get; set; }

        /// <summary>The passphrase of the -DecryptionKey file, as a SecureString (or a PSCredential's password).</summary>
        [Parameter]
        [SecretTransformation]
        public System.Security.SecureString? DecryptionPassphrase { get; set; }

        protected override void ProcessRecord()
        {
            UseDecryptionKey(DecryptionKey, DecryptionPassphrase);
            var options = BackupCatalogOptions.From(Settings, Path?.Select(GetUnresolvedProviderPathFromPSPath).ToList(), Verify.IsPresent);
            foreach (var path in options.Paths)
            {
                System.Collections.Generic.List<BackupInfo> found;
                try
                {
                    found = File.Exists(path)
                        ? new System.Collections.Generic.List<BackupInfo> { Run(token => System.Threading.Tasks.Task.Run(() =>
                            BackupCatalog.Read(path, options.Verify, token), token)) }
                        : Run(token => System.Threading.Tasks.Task.Run(() => BackupCatalog.List(path, options.Verify, token), token));
                }
                catch (Exception ex)
                {
                    WriteFailure(ex, path);
                    continue;
                }
                foreach (var backup in found)
                {
                    if (Database != null && !string.Equals(backup.Database, Database, StringComparison.OrdinalIgnoreCase)) continue;
                    if (backup.Verified == false) WriteWarning($"{backup.Path}: {backup.Problem}");
                    WriteObject(backup);
                }
            }
        }
    }
}
