using System;

namespace Rostrvm.Core.Restore
{
    /// <summary>A transaction the plan names: the last one applied, the first one not applied, an excluded one.</summary>
    public sealed class RestoreTransaction
    {
        public string File { get; set; } = "";
        public long Position { get; set; }
        public long EndPosition { get; set; }
        public DateTime TimeUtc { get; set; }
        public DateTime Time { get; set; }
        public string? Gtid { get; set; }
        /// <summary>The statements (SQL text) or row changes (operation and table) it holds, shortened.</summary>
        public string? Summary { get; set; }

        public override string ToString() => $"{File}:{Position} {Time:yyyy-MM-dd HH:mm:ss} {Summary}";
    }
}
