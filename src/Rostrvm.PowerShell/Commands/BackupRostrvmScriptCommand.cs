using System;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Backup;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>Zips the routing-script and macro folders beside the full backup, same cycle number.</summary>
    [Cmdlet(VerbsData.Backup, "RostrvmScript", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(ScriptBackupInfo))]
    public sealed class BackupRostrvmScriptCommand : RostrvmCmdlet
    {
        /// <summary>The cycle slot: from a piped backup object, else that of the newest complete backup in the folder.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 100)]
        public int Slot { get; set; }

        /// <summary>The backup folder (a piped backup's folder, else BackupPath from the settings).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Folders to zip; default ScriptPaths from the settings (CallDirector\Scripts and Macros under the root).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ScriptPath { get; set; }

        protected override void ProcessRecord()
        {
            var options = ScriptBackupOptions.From(Settings, string.IsNullOrEmpty(Path) ? null : GetUnresolvedProviderPathFromPSPath(Path),
                ScriptPath?.Select(GetUnresolvedProviderPathFromPSPath));
            var folder = options.Folder;
            var folders = options.ScriptFolders;
            ScriptBackupInfo result;
            try
            {
                var slot = Slot;
                if (slot < 1)
                {
                    var newest = BackupCatalog.List(folder).FirstOrDefault(b =>
                        (b.Complete || b.Status == BackupInfo.EncryptedStatus) && b.Slot > 0);
                    if (newest == null)
                        throw new Core.Errors.RostrvmException("BackupNotFound", Core.Errors.FailureKind.ObjectNotFound,
                            $"There is no complete cycle backup in '{folder}' to pair the scripts with. Run Backup-RostrvmDatabase first " +
                                $"(or give -Slot).", folder);
                    slot = newest.Slot;
                }
                var target = System.IO.Path.Combine(folder, BackupCycle.ScriptsFileName(options.VersionNumber, slot));
                if (!ShouldProcess(target, $"Zip {string.Join(", ", folders)} into slot {slot}")) return;
                result = Run(token => System.Threading.Tasks.Task.Run(() => ScriptBackup.Run(folder, options.VersionNumber, slot, folders,
                    Reporter, token), token));
            }
            catch (Exception ex)
            {
                WriteFailure(ex, folder);
                return;
            }
            WriteObject(result);
        }
    }
}
