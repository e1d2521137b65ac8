using System;
using System.Management.Automation;
using System.Security;
using Rostrvm.Core.Recordings;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// Lists the recording archives (kind, from, to, count, size, path); with -Verify reads every
    /// entry back. An unreadable archive is listed with the recordings the database says it holds.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RostrvmRecordingArchive")]
    [OutputType(typeof(RecordingArchive))]
    public sealed class GetRostrvmRecordingArchiveCommand : RostrvmDatabaseCmdlet
    {
        /// <summary>Only archives of these kinds.</summary>
        [Parameter(Position = 0)]
        [ValidateSet("Voice", "Email", "Sms", "Chat")]
        public string[]? Kind { get; set; }

        /// <summary>The archive folder; default ArchivePath from the settings.</summary>
        [Parameter]
        [Alias("Destination")]
        [ValidateNotNullOrEmpty]
        public string? ArchivePath { get; set; }

        /// <summary>Read every entry back and check it against the manifest and the database.</summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        /// <summary>Password of encrypted archives: a SecureString or a PSCredential.</summary>
        [Parameter]
        [SecretTransformation]
        public SecureString? Password { get; set; }

        /// <summary>Do not consult the database (for archives copied away from the server).</summary>
        [Parameter]
        public SwitchParameter NoDatabase { get; set; }

        protected override void EndProcessing()
        {
            var settings = Settings;
            var path = RecordingArchiveFolder.From(settings,
                ArchivePath is { Length: > 0 } given ? GetUnresolvedProviderPathFromPSPath(given) : null).Path;
            var connection = NoDatabase ? null : Connection;
            try
            {
                var catalog = new RecordingArchiveCatalog(settings, Reporter);
                var entries = Run(token =>
                    catalog.ListAsync(path, Kind, SecretTransformationAttribute.Reveal(Password), Verify, connection, token));
                foreach (var entry in entries)
                {
                    if (entry.Error != null) WriteFailure(entry.Error, entry.Archive.Path);
                    WriteObject(entry.Archive);
                }
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                WriteFailure(ex, path);
            }
            base.EndProcessing();
        }
    }
}
