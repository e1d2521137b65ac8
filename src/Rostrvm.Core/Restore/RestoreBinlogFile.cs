
namespace Rostrvm.Core.Restore
{
    /// <summary>One binlog file of the chain a restore replays.</summary>
    public sealed class RestoreBinlogFile
    {
        public string Name { get; set; } = "";
        public string Path { get; set; } = "";
        /// <summary>Server (the server's binlog directory) or Copy (backups/binlog); "Server+Copy" when both hold identical
        /// files.</summary>
        public string? Source { get; set; }
        public long Sequence { get; set; }
        public long Size { get; set; }
        public long ServerId { get; set; }
        /// <summary>False for the file the server is still writing.</summary>
        public bool Closed { get; set; }
        /// <summary>Where replay starts in this file (4 = from the start).</summary>
        public long StartPosition { get; set; }
        /// <summary>Where replay stops in this file: the stop event, or the file's length when the plan was made.</summary>
        public long StopPosition { get; set; }

        public override string ToString() => Name;
    }
}
