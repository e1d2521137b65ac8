using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Restore;

namespace Rostrvm.Core.Connection
{
    /// <summary>The first thing an administrator runs: can we reach it, what is it, what may we do.</summary>
    public static class ConnectionTester
    {
        public static async Task<ConnectionReport> TestAsync(ConnectionOptions options, CancellationToken cancellationToken = default)
        {
            var watch = Stopwatch.StartNew();
            using (var connection = await ConnectionFactory.OpenAsync(options, withDatabase: false,
                cancellationToken).ConfigureAwait(false))
            {
                var latency = watch.Elapsed;
                var info = await ServerInfo.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
                var held = await PrivilegeCheck.HeldAsync(connection, options.Database, cancellationToken).ConfigureAwait(false);
                // Backup tests work in a database of their own: grants on rostrvm\_test\_% count there.
                var heldForScratch = await PrivilegeCheck.HeldAsync(connection, ScratchDatabase.NewName(),
                    cancellationToken).ConfigureAwait(false);
                // A staged restore also builds <database>_r<time> and <database>_p<time> beside it.
                var heldForStaging = options.Database is { Length: > 0 } database
                    ? await PrivilegeCheck.HeldAsync(connection, StagingNames.For(database, DateTime.UtcNow).Stage,
                        cancellationToken).ConfigureAwait(false)
                    : held;
                var trust = await ServerInfo.ReadVariablesAsync(connection, cancellationToken,
                    "log_bin_trust_function_creators").ConfigureAwait(false);
                if (!info.BinaryLogging || (trust.TryGetValue("log_bin_trust_function_creators", out var trusted)
                    && (trusted == "ON" || trusted == "1")))
                    heldForScratch.Add(PrivilegeCheck.TrustedRoutineCreators);
                bool exists;
                using (var command = new MySqlCommand("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @db",
                    connection))
                {
                    command.Parameters.AddWithValue("@db", options.Database ?? string.Empty);
                    exists = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)) > 0;
                }
                string cipher;
                using (var command = new MySqlCommand("SHOW SESSION STATUS LIKE 'Ssl_cipher'", connection))
                using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                    cipher = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(1)
                        ? reader.GetString(1) : string.Empty;

                return new ConnectionReport
                {
                    Server = options.Server,
                    Port = options.Port,
                    User = info.CurrentUser,
                    Database = options.Database,
                    Connected = true,
                    DatabaseExists = exists,
                    Flavor = info.Flavor,
                    Version = info.Version,
                    ServerId = info.ServerId,
                    BinaryLogging = info.BinaryLogging,
                    BinlogFormat = info.BinlogFormat,
                    BinlogChecksum = info.BinlogChecksum,
                    BinlogBasename = info.BinlogBasename,
                    TimeZone = info.TimeZone == "SYSTEM" ? "SYSTEM (" + info.SystemTimeZone + ")" : info.TimeZone,
                    SystemTimeZone = info.SystemTimeZone,
                    Encrypted = cipher.Length > 0,
                    Privileges = held.OrderBy(p => p, StringComparer.OrdinalIgnoreCase).ToArray(),
                    MissingForBackup = PrivilegeCheck.Missing(PrivilegeCheck.Required("Backup", info.IsMariaDb), held).ToArray(),
                    MissingForBinlog = PrivilegeCheck.Missing(PrivilegeCheck.Required("Binlog", info.IsMariaDb), held).ToArray(),
                    MissingForRestore = MissingForRestore(options.Database, info.IsMariaDb, held, heldForStaging),
                    MissingForMis = PrivilegeCheck.Missing(PrivilegeCheck.Required("Mis", info.IsMariaDb), held).ToArray(),
                    MissingForRecordings = PrivilegeCheck.Missing(PrivilegeCheck.Required("Recordings", info.IsMariaDb), held).ToArray(),
                    MissingForBackupTest = PrivilegeCheck.Missing(PrivilegeCheck.Required("BackupTest", info.IsMariaDb),
                        heldForScratch).ToArray(),
                    ConnectorVersion = typeof(MySqlConnection)
                        .Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
                        ?? typeof(MySqlConnection).Assembly.GetName().Version.ToString(),
                    Latency = latency,
                };
            }
        }

        /// <summary>What a restore lacks on the database, then what a staged one lacks on its staging names only.</summary>
        private static string[] MissingForRestore(string? database, bool mariaDb, HashSet<string> held, HashSet<string> heldForStaging)
        {
            var required = PrivilegeCheck.Required("Restore", mariaDb);
            var missing = PrivilegeCheck.Missing(required, held).ToList();
            // Without a database there is no staging database to check (heldForStaging is then held).
            if (database is { Length: > 0 })
                foreach (var item in PrivilegeCheck.Missing(required, heldForStaging).Where(m => !missing.Contains(m)).ToList())
                    missing.Add($"{item} on {StagingNames.PrefixOf(database)}_r*/_p* (staged restore; or -InPlace)");
            return missing.ToArray();
        }
    }
}
