using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;

namespace Rostrvm.Core.Connection
{
    /// <summary>What kind of server this is and how it logs: read once per job.</summary>
    public sealed class ServerInfo
    {
        public string Flavor { get; set; } = "";
        public string Version { get; set; } = "";
        public bool IsMariaDb => string.Equals(Flavor, "MariaDB", StringComparison.OrdinalIgnoreCase);
        public long ServerId { get; set; }
        public bool BinaryLogging { get; set; }
        public string BinlogFormat { get; set; } = "";
        public string BinlogChecksum { get; set; } = "";
        public string BinlogBasename { get; set; } = "";
        public string GtidMode { get; set; } = "";
        public string TimeZone { get; set; } = "";
        public string SystemTimeZone { get; set; } = "";
        public string CurrentUser { get; set; } = "";
        public long MaxAllowedPacket { get; set; }
        public string DataDirectory { get; set; } = "";

        public static ServerInfo Read(MySqlConnection connection) => ReadAsync(connection).GetAwaiter().GetResult();

        public static async Task<ServerInfo> ReadAsync(MySqlConnection connection, CancellationToken cancellationToken = default)
        {
            var info = new ServerInfo();
            var variables = await ReadVariablesAsync(connection, cancellationToken,
                "version", "version_comment", "server_id", "log_bin", "binlog_format", "binlog_checksum", "log_bin_basename",
                "gtid_mode", "time_zone", "system_time_zone", "max_allowed_packet", "datadir").ConfigureAwait(false);

            var version = Get(variables, "version");
            info.Flavor = version.IndexOf("MariaDB", StringComparison.OrdinalIgnoreCase) >= 0
                || Get(variables, "version_comment").IndexOf("MariaDB", StringComparison.OrdinalIgnoreCase) >= 0 ? "MariaDB" : "MySQL";
            info.Version = version.Split('-')[0];
            info.ServerId = long.TryParse(Get(variables, "server_id"), out var id) ? id : 0;
            info.BinaryLogging = string.Equals(Get(variables, "log_bin"), "ON", StringComparison.OrdinalIgnoreCase)
                || Get(variables, "log_bin") == "1";
            info.BinlogFormat = Get(variables, "binlog_format");
            info.BinlogChecksum = Get(variables, "binlog_checksum");
            info.BinlogBasename = Get(variables, "log_bin_basename");
            info.GtidMode = info.IsMariaDb ? "MariaDB" : Get(variables, "gtid_mode");
            info.TimeZone = Get(variables, "time_zone");
            info.SystemTimeZone = Get(variables, "system_time_zone");
            info.MaxAllowedPacket = long.TryParse(Get(variables, "max_allowed_packet"), out var packet) ? packet : 16 * 1024 * 1024;
            info.DataDirectory = Get(variables, "datadir");
            using (var command = new MySqlCommand("SELECT CURRENT_USER()", connection))
                info.CurrentUser = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
            return info;
        }

        private static string Get(IDictionary<string, string?> variables, string name) =>
            variables.TryGetValue(name, out var value) ? value ?? string.Empty : string.Empty;

        public static async Task<Dictionary<string, string?>> ReadVariablesAsync(MySqlConnection connection,
            CancellationToken cancellationToken, params string[] names)
        {
            var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var list = string.Join(",", names.Select(n => "'" + n + "'"));
            using (var command = new MySqlCommand($"SHOW GLOBAL VARIABLES WHERE Variable_name IN ({list})", connection))
            using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    result[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
            return result;
        }
    }
}
