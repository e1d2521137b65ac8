using System;
using System.Collections.Generic;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Connection;

namespace Rostrvm.Core.Recordings
{
    /// <summary>What Move-RostrvmRecording asks for.</summary>
    public sealed class RecordingArchiveRequest
    {
        /// <summary>
        /// An archive run as the settings describe it: recordings older than RecordingRetentionDays
        /// before <paramref name="now"/>, into ArchivePath, archives of ArchiveMaxSizeMB per
        /// ArchivePeriod; each argument given overrides its setting.
        /// </summary>
        public static RecordingArchiveRequest From(RostrvmSettings settings, ConnectionOptions connection, DateTime now,
            DateTime? before = null, string? destination = null, long? maxArchiveSize = null, string? period = null) =>
            new RecordingArchiveRequest
            {
                Connection = connection,
                Settings = settings,
                Before = before ?? now.AddDays(-settings.RecordingRetentionDays),
                Destination = destination is { Length: > 0 } ? destination : settings.EffectiveArchivePath,
                MaxArchiveSize = maxArchiveSize ?? settings.ArchiveMaxSizeMB * 1024L * 1024L,
                Period = period ?? settings.ArchivePeriod,
                LockTimeoutSeconds = settings.LockTimeoutSeconds,
            };

        // Set by From, the only way a request is made.
        public ConnectionOptions Connection { get; set; } = null!;
        public RostrvmSettings Settings { get; set; } = null!;
        /// <summary>Kinds to archive (keys of the settings' RecordingSources); null or empty means all.</summary>
        public IList<string>? Kinds { get; set; }
        /// <summary>Recordings strictly older than this are archived.</summary>
        public DateTime Before { get; set; }
        public string Destination { get; set; } = "";
        public long MaxArchiveSize { get; set; }
        /// <summary>One archive per Day, Week or Month of the recordings' time (each still size-capped); None: size only.</summary>
        public string Period { get; set; } = ArchivePeriod.None;
        /// <summary>AES-256 password for the archives; null for none.</summary>
        public string? Password { get; set; }
        public int LockTimeoutSeconds { get; set; } = 600;
    }
}
