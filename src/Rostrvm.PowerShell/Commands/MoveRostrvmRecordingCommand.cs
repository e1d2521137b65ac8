using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using Rostrvm.Core.Recordings;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// The daily recording archiver: moves recordings older than the retention out of the database
    /// into size-capped .sdb archives, with their MIS rows in each archive's manifest.
    /// </summary>
    [Cmdlet(VerbsCommon.Move, "RostrvmRecording", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [Alias("Move-RostrvmRecordings")]
    [OutputType(typeof(RecordingArchive))]
    public sealed class MoveRostrvmRecordingCommand : RostrvmDatabaseCmdlet
    {
        protected override string LeftAsItWasWhenServerLost =>
            "Recordings not yet recorded as archived keep their bodies in the database; an archive placed but not yet recorded is " +
                "finished by the next run.";

        /// <summary>Which kinds to archive; all by default.</summary>
        [Parameter(Position = 0)]
        [ValidateSet("Voice", "Email", "Sms", "Chat")]
        public string[]? Kind { get; set; }

        /// <summary>Recordings older than this are archived; default now minus RecordingRetentionDays.</summary>
        [Parameter]
        public DateTime Before { get; set; }

        /// <summary>Folder (or share) for the archives; default ArchivePath from the settings.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("Destination")]
        public string? Path { get; set; }

        /// <summary>Maximum archive size in bytes (1GB, 500MB ...); default ArchiveMaxSizeMB from the settings.</summary>
        [Parameter]
        [ValidateRange(4096, long.MaxValue)]
        public long MaxArchiveSize { get; set; }

        /// <summary>One archive per Day, Week or Month of the recordings' time, each still capped by size; None: size only. Default
        /// ArchivePeriod from the settings.</summary>
        [Parameter]
        [ValidateSet("None", "Day", "Week", "Month")]
        public string? Period { get; set; }

        /// <summary>The job's clock; default now. The default -Before is RecordingRetentionDays back from it.</summary>
        [Parameter]
        public DateTime Now { get; set; } = DateTime.Now;

        /// <summary>Encrypts the archives with AES-256: a SecureString or a PSCredential.</summary>
        [Parameter]
        [SecretTransformation]
        public SecureString? Password { get; set; }

        protected override void EndProcessing()
        {
            var settings = Settings;
            var request = RecordingArchiveRequest.From(settings, Connection, Now, this.ValueOrNull<DateTime>(nameof(Before)),
                string.IsNullOrEmpty(Path) ? null : GetUnresolvedProviderPathFromPSPath(Path),
                this.ValueOrNull<long>(nameof(MaxArchiveSize)), Period);
            request.Kinds = Kind;
            request.Password = SecretTransformationAttribute.Reveal(Password);
            var results = new List<RecordingArchive>();
            try
            {
                var archiver = new RecordingArchiver(request, Reporter);
                // The exact count makes the server read every body (see PlanAsync): only when it is shown.
                var exact = ShouldProcessTextShown(ConfirmImpact.Medium);
                var plans = Run(token => archiver.PlanAsync(exact, token));
                var approved = new List<string>();
                foreach (var plan in plans)
                {
                    var range = plan.From.HasValue
                        ? $" recorded {plan.From:yyyy-MM-dd HH:mm:ss} to {plan.To:yyyy-MM-dd HH:mm:ss}" : string.Empty;
                    var action = $"Move {plan.Count} {plan.Kind} recordings ({plan.Bytes / 1048576.0:N1} MB){range} from table " +
                        $"'{plan.Table}' into archives of at most {request.MaxArchiveSize / 1048576.0:N1} MB, then remove their bodies " +
                        "from the database";
                    if (ShouldProcess(request.Destination, action)) approved.Add(plan.Kind);
                }
                if (approved.Count == 0) return;
                request.Kinds = approved;
                Run(token => new RecordingArchiver(request, Reporter).RunAsync(results, token));
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                foreach (var archive in results) WriteObject(archive);
                results.Clear();
                WriteFailure(ex, request.Destination);
            }
            finally
            {
                foreach (var archive in results) WriteObject(archive);
                base.EndProcessing();
            }
        }
    }
}
