
namespace Rostrvm.Core.Recordings
{
    /// <summary>Where one recording's body lives now.</summary>
    public sealed class RecordingLocation
    {
        public long Id { get; set; }
        public long? BodyLength { get; set; }
        public string? ArchiveFile { get; set; }
        public string? ArchiveEntry { get; set; }
        public string? Format { get; set; }
    }
}
