using System;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Recordings
{
    /// <summary>One archive as listed, with the failure that goes with it, if any.</summary>
    public sealed class CatalogEntry
    {
        public RecordingArchive Archive { get; set; } = new RecordingArchive();
        public RostrvmException? Error { get; set; }
    }
}
