using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// Where the recording archives are, for the jobs that read them: Get-RostrvmRecordingArchive
    /// lists them, Export-RostrvmRecording finds there the bodies no longer in the database.
    /// </summary>
    public sealed class RecordingArchiveFolder
    {
        private RecordingArchiveFolder(string path) => Path = path;

        /// <summary>The archive folder: the one given, else ArchivePath (root/archives).</summary>
        public string Path { get; }

        /// <summary><paramref name="folder"/>, or the settings' ArchivePath when none is given.</summary>
        public static RecordingArchiveFolder From(RostrvmSettings settings, string? folder = null) =>
            new RecordingArchiveFolder(folder is { Length: > 0 } ? folder : settings.EffectiveArchivePath);
    }
}
