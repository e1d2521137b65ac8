namespace Rostrvm.Core.Backup
{
    /// <summary>How to load a backup.</summary>
    public sealed class BackupLoadOptions
    {
        /// <summary>
        /// Connections loading rows at once (INSERTs of one table in parallel); 1 = exactly the client's order.
        /// </summary>
        public int Connections { get; set; } = 2;
        /// <summary>Refuse a file without a completion line (never load half a backup).</summary>
        public bool RequireComplete { get; set; } = true;
        /// <summary>SET sql_log_bin = 0 on the loading sessions (needs SUPER or BINLOG ADMIN).</summary>
        public bool SkipBinaryLog { get; set; }
    }
}
