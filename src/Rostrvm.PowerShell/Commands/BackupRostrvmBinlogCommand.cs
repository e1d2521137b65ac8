using System;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Binlog;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// Flushes the binary logs, copies every closed binlog not yet copied to backups/binlog
    /// (verified, renamed into place), and removes copies no retained full backup needs.
    /// Idempotent and safe to stop at any moment.
    /// </summary>
    [Cmdlet(VerbsData.Backup, "RostrvmBinlog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(BinlogBackupResult))]
    public sealed class BackupRostrvmBinlogCommand : RostrvmDatabaseCmdlet
    {
        protected override string LeftAsItWasWhenServerLost =>
            "The binlog copies already made are kept and verified; the file being copied was not put in place, and no binlog was purged.";

        /// <summary>Where the copies go; default the settings' BinlogBackupPath (root/backups/binlog).</summary>
        [Parameter] [Alias("Destination")] [ValidateNotNullOrEmpty] public string? Path { get; set; }

        /// <summary>Do not flush: copy only the files the server has already closed (no RELOAD privilege needed).</summary>
        [Parameter] public SwitchParameter NoFlush { get; set; }

        /// <summary>Keep every copy, even those older than the oldest retained full backup needs.</summary>
        [Parameter] public SwitchParameter KeepAll { get; set; }

        /// <summary>Encrypt each copy (OpenPGP, rtmbinlog.000012.gpg) for this public key file or gpg key id; default EncryptionRecipient
        /// from the settings.</summary>
        [Parameter] [ValidateNotNullOrEmpty] public string? EncryptFor { get; set; }

        protected override void EndProcessing()
        {
            var recipient = EncryptionRecipientFor(EncryptFor);
            BinlogBackupOptions? options = null;
            try
            {
                options = BinlogBackupOptions.From(Settings, Path != null ? GetUnresolvedProviderPathFromPSPath(Path) : null);
                if (!ShouldProcess(options.Destination, "Copy closed binlogs and remove copies no retained backup needs")) return;
                var job = new BinlogBackup(Connection, options, Reporter)
                {
                    NoFlush = NoFlush,
                    KeepAll = KeepAll,
                    EncryptFor = recipient,
                };
                var results = Run(token => job.RunAsync(token));
                foreach (var r in results) WriteObject(r);
                // A copied file always has its copy (Destination).
                PublishToMirrors(results.Where(r => r.Action == "Copied").Select(r => r.Destination).OfType<string>()
                    .Select(Rostrvm.Core.Mirror.MirrorLayout.BinlogCopy).ToList());
            }
            catch (PipelineStoppedException) { throw; }
            // Only a -Path that cannot be resolved fails before the options are made, and it is named as given.
            catch (Exception ex) { WriteFailure(ex, Path ?? options?.Destination); }
            finally { base.EndProcessing(); }
        }
    }
}
