using System;

namespace Rostrvm.Core.Connection
{
    /// <summary>What Test-RostrvmConnection returns: reachability, flavour, logging, privileges.</summary>
    public sealed class ConnectionReport
    {
        public string Server { get; set; } = "";
        public int Port { get; set; }
        public string User { get; set; } = "";
        public string? Database { get; set; }
        public bool Connected { get; set; }
        public bool DatabaseExists { get; set; }
        public string Flavor { get; set; } = "";
        public string Version { get; set; } = "";
        public long ServerId { get; set; }
        public bool BinaryLogging { get; set; }
        public string BinlogFormat { get; set; } = "";
        public string BinlogChecksum { get; set; } = "";
        public string BinlogBasename { get; set; } = "";
        public string TimeZone { get; set; } = "";
        public string SystemTimeZone { get; set; } = "";
        public bool Encrypted { get; set; }
        public string[] Privileges { get; set; } = Array.Empty<string>();
        public string[] MissingForBackup { get; set; } = Array.Empty<string>();
        public string[] MissingForBinlog { get; set; } = Array.Empty<string>();
        public string[] MissingForRestore { get; set; } = Array.Empty<string>();
        public string[] MissingForMis { get; set; } = Array.Empty<string>();
        public string[] MissingForRecordings { get; set; } = Array.Empty<string>();
        /// <summary>What Test-RostrvmBackup lacks on its scratch database, including what keeps the test load out of the binary
        /// log.</summary>
        public string[] MissingForBackupTest { get; set; } = Array.Empty<string>();
        /// <summary>Version of the MySqlConnector the module itself loaded (isolation check).</summary>
        public string ConnectorVersion { get; set; } = "";
        public TimeSpan Latency { get; set; }
    }
}
