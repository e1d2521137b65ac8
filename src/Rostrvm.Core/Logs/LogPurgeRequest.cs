using System;
using System.Collections.Generic;
using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Logs
{
    /// <summary>What the log job should do, and to which directory.</summary>
    public sealed class LogPurgeRequest
    {
        /// <summary>
        /// The nightly log job as the settings describe it: logs of LogPath matching LogPatterns
        /// zipped after LogCompressAfterDays, deleted after LogRetentionDays; each argument given
        /// overrides its setting.
        /// </summary>
        public static LogPurgeRequest Compression(RostrvmSettings settings, DateTime now, string? directory = null,
            TimeSpan? olderThan = null, int? retentionDays = null) => new LogPurgeRequest
        {
            Directory = string.IsNullOrEmpty(directory) ? settings.EffectiveLogPath : directory!,
            Patterns = settings.EffectiveLogPatterns,
            Now = now,
            CompressOlderThan = olderThan ?? TimeSpan.FromDays(settings.LogCompressAfterDays),
            DeleteOlderThan = TimeSpan.FromDays(retentionDays ?? settings.LogRetentionDays),
        };

        /// <summary>
        /// The manual purge: the settings' log folder and patterns; deletes what is older than
        /// <paramref name="olderThan"/>.
        /// </summary>
        public static LogPurgeRequest Removal(RostrvmSettings settings, DateTime now, TimeSpan olderThan, string? directory = null) =>
            new LogPurgeRequest
            {
                Directory = string.IsNullOrEmpty(directory) ? settings.EffectiveLogPath : directory!,
                Patterns = settings.EffectiveLogPatterns,
                Now = now,
                DeleteOlderThan = olderThan,
            };

        public string Directory { get; set; } = "";
        public IReadOnlyList<string> Patterns { get; set; } = Array.Empty<string>();
        /// <summary>The job's clock (local unless its Kind says UTC); tests pass a fake one.</summary>
        public DateTime Now { get; set; } = DateTime.Now;
        /// <summary>Logs last written longer ago than this are zipped; null: no compression.</summary>
        public TimeSpan? CompressOlderThan { get; set; }
        /// <summary>Logs and log zips last written longer ago than this are deleted; null: none.</summary>
        public TimeSpan? DeleteOlderThan { get; set; }
    }
}
