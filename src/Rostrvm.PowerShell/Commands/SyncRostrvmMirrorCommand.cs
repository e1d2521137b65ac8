using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Mirror;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// Catches the mirrors up with the local backups, binlog copies and MIS extracts (after an
    /// outage, or for a new mirror), removes partial copies, then applies the mirror retention.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "RostrvmMirror", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MirrorFile))]
    public sealed class SyncRostrvmMirrorCommand : RostrvmCmdlet
    {
        /// <summary>The mirrors to catch up; default Mirror from the settings.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[]? Mirror { get; set; }

        /// <summary>Remove mirrored files older than this many days (never the newest backup nor the binlogs it needs); default
        /// MirrorRetentionDays, 0 keeps all.</summary>
        [Parameter]
        [ValidateRange(0, 36500)]
        public int MirrorRetentionDays { get; set; }

        /// <summary>Full backups the retention always keeps on each mirror, newest first; default MirrorCycle (1).</summary>
        [Parameter]
        [ValidateRange(1, 99)]
        public int MirrorCycle { get; set; }

        protected override void EndProcessing()
        {
            var settings = Settings;
            var options = MirrorOptions.From(settings, Mirror, this.ValueOrNull<int>(nameof(MirrorRetentionDays)),
                this.ValueOrNull<int>(nameof(MirrorCycle)));
            if (options.Destinations.Count == 0)
                ThrowFailure(new RostrvmException("MirrorNotConfigured", FailureKind.InvalidArgument,
                    "No mirror is configured. Name one with -Mirror, or set Mirror in the settings (Set-RostrvmConfiguration -Mirror " +
                        "'\\\\nas\\rostrvm', 'sftp://user@host:22/path').", null), null);
            var files = MirrorLayout.LocalFiles(settings).ToList();
            var retention = options.RetentionDays > 0
                ? $", then remove mirrored files older than {options.RetentionDays} days (never the newest " +
                $"{System.Math.Max(1, options.Cycle)} backup(s) nor the binlogs they need)" : string.Empty;
            var targets = string.Join(", ", options.Destinations.Select(MirrorDestination.Safe));
            if (ShouldProcess(targets,
                $"Copy those of the {files.Count} local backup, binlog and MIS files that the mirror lacks, and remove partial " +
                $"copies{retention}"))
            {
                var sync = new MirrorSync(options, Reporter);
                var results = Run(token => Task.Run(() => sync.Sync(files, null, token), token));
                foreach (var result in results) WriteObject(result);
                ReportMirrorFailures(sync.Failures);
            }
            base.EndProcessing();
        }
    }
}
