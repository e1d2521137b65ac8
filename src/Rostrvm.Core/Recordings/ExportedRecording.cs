
namespace Rostrvm.Core.Recordings
{
    /// <summary>A recording written out by Export-RostrvmRecording.</summary>
    public sealed class ExportedRecording
    {
        public string Kind { get; set; } = "";
        public long Id { get; set; }
        public string Path { get; set; } = "";
        public long Bytes { get; set; }
        public string Sha256 { get; set; } = "";
        /// <summary>"Database" or the archive file it came from.</summary>
        public string Source { get; set; } = "";

        public override string ToString() => Path;
    }
}
