using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Recordings
{
    /// <summary>Where Export-RostrvmRecording finds the bodies no longer in the database.</summary>
    public sealed class RecordingExportOptions
    {
        private RecordingExportOptions(string archiveFolder) => ArchiveFolder = archiveFolder;

        /// <summary>The archive folder: the one given, else ArchivePath (root/archives).</summary>
        public string ArchiveFolder { get; }

        /// <summary>
        /// An export reading archives in <paramref name="archiveFolder"/>, or in the settings' ArchivePath when none is given.
        /// </summary>
        public static RecordingExportOptions From(RostrvmSettings settings, string? archiveFolder = null) =>
            new RecordingExportOptions(archiveFolder is { Length: > 0 } ? archiveFolder : settings.EffectiveArchivePath);
    }
}
