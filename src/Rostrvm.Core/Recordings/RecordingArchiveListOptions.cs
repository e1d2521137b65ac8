using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Recordings
{
    /// <summary>Where Get-RostrvmRecordingArchive looks for recording archives.</summary>
    public sealed class RecordingArchiveListOptions
    {
        private RecordingArchiveListOptions(string archiveFolder) => ArchiveFolder = archiveFolder;

        /// <summary>The archive folder: the one given, else ArchivePath (root/archives).</summary>
        public string ArchiveFolder { get; }

        /// <summary>A listing of <paramref name="archiveFolder"/>, or of the settings' ArchivePath when none is given.</summary>
        public static RecordingArchiveListOptions From(RostrvmSettings settings, string? archiveFolder = null) =>
            new RecordingArchiveListOptions(archiveFolder is { Length: > 0 } ? archiveFolder : settings.EffectiveArchivePath);
    }
}
