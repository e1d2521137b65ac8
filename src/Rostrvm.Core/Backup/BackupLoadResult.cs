using System;

namespace Rostrvm.Core.Backup
{
    /// <summary>What a load did.</summary>
    public sealed class BackupLoadResult
    {
        public string Path { get; set; } = "";
        /// <summary>The database loaded into (as the connection names it).</summary>
        public string? Database { get; set; }
        public long Statements { get; set; }
        public long Bytes { get; set; }
        public TimeSpan Duration { get; set; }
    }
}
