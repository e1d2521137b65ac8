using System;
using System.Management.Automation;
using System.Security;
using Rostrvm.Core.Recordings;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// Writes recordings' bodies to files, whether they are still in the database or in an archive:
    /// the AuditLog viewer's job, from PowerShell. Archive copies are checked against the manifest.
    /// </summary>
    [Cmdlet(VerbsData.Export, "RostrvmRecording", SupportsShouldProcess = true)]
    [OutputType(typeof(ExportedRecording))]
    public sealed class ExportRostrvmRecordingCommand : RostrvmDatabaseCmdlet
    {
        private RecordingExporter? _exporter;

        /// <summary>The recording ids (the id column of the kind's table).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Ids")]
        public long[] Id { get; set; } = null!;

        /// <summary>The kind of recording: Voice (default), Email, Sms or Chat.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("Voice", "Email", "Sms", "Chat")]
        public string Kind { get; set; } = "Voice";

        /// <summary>A folder (files are named Kind-id.ext) or, for one recording, a file path; default the current folder.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        [Alias("Destination")]
        public string? Path { get; set; }

        /// <summary>The archive folder; default ArchivePath from the settings.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ArchivePath { get; set; }

        /// <summary>Password of encrypted archives: a SecureString or a PSCredential.</summary>
        [Parameter]
        [SecretTransformation]
        public SecureString? Password { get; set; }

        protected override void ProcessRecord()
        {
            if (_exporter == null)
            {
                var archives = RecordingArchiveFolder.From(Settings,
                    ArchivePath is { Length: > 0 } given ? GetUnresolvedProviderPathFromPSPath(given) : null);
                _exporter = new RecordingExporter(Settings, Connection, archives.Path,
                    SecretTransformationAttribute.Reveal(Password), Reporter);
            }
            var exporter = _exporter;
            var destination = GetUnresolvedProviderPathFromPSPath(string.IsNullOrEmpty(Path) ? "." : Path);
            foreach (var id in Id)
            {
                if (!ShouldProcess($"{Kind} recording {id}", "Export to " + destination)) continue;
                try
                {
                    WriteObject(Run(token => exporter.ExportAsync(Kind, id, destination, token)));
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException))
                {
                    WriteFailure(ex, $"{Kind} recording {id}");
                }
            }
        }

        protected override void EndProcessing()
        {
            _exporter?.Dispose();
            _exporter = null;
            base.EndProcessing();
        }
    }
}
