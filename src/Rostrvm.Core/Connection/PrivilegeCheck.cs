using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;

namespace Rostrvm.Core.Connection
{
    /// <summary>
    /// Which privileges each job needs and which of them the current account lacks, so a job
    /// can refuse up front naming the privilege instead of failing halfway with error 1227.
    /// </summary>
    public static class PrivilegeCheck
    {
        /// <summary>Alternatives are separated by '|': any one of them is enough.</summary>
        public static IReadOnlyList<string> Required(string job, bool mariaDb)
        {
            switch (job)
            {
                case "Backup":
                    // Without a way to read mysql.proc, MariaDB hides the routines from
                    // information_schema: the backup would leave them out without a word.
                    return mariaDb
                        ? new[] { "SELECT", "SHOW VIEW", "TRIGGER", "EVENT", ReadRoutines + "|SHOW CREATE ROUTINE" }
                        : new[] { "SELECT", "SHOW VIEW", "TRIGGER", "EVENT", "BACKUP_ADMIN" };
                case "Binlog":
                    return mariaDb
                        ? new[] { "BINLOG MONITOR|SUPER", "RELOAD" }
                        : new[] { "REPLICATION CLIENT|SUPER", "RELOAD" };
                case "Restore":
                    // A staged restore reads the definitions of both databases' views, routines,
                    // triggers and events to recreate them after the swap: hidden ones would be lost.
                    return mariaDb
                        ? new[] { "CREATE", "DROP", "SELECT", "INSERT", "UPDATE", "DELETE", "ALTER", "INDEX", "CREATE VIEW", "SHOW VIEW",
                            "CREATE ROUTINE", "ALTER ROUTINE", "TRIGGER", "EVENT", ReadRoutines + "|SHOW CREATE ROUTINE",
                            "BINLOG REPLAY|SUPER", "BINLOG ADMIN|SUPER" }
                        : new[] { "CREATE", "DROP", "SELECT", "INSERT", "UPDATE", "DELETE", "ALTER", "INDEX", "CREATE VIEW", "SHOW VIEW",
                            "CREATE ROUTINE", "ALTER ROUTINE", "TRIGGER", "EVENT", "SYSTEM_VARIABLES_ADMIN|SUPER" };
                case "Mis":
                    // Export-RostrvmMis and Invoke-RostrvmMisPurge: read the rows, delete the extracted ones.
                    return new[] { "SELECT", "DELETE" };
                case "Recordings":
                    // Move-RostrvmRecording: read the bodies, clear them and record their archive.
                    return new[] { "SELECT", "UPDATE" };
                case "BackupTest":
                    // On the scratch database (Test-RostrvmBackup creates, loads and drops it).
                    // SET USER recreates views, routines and triggers with their definer; while the
                    // server logs, creating triggers and functions needs SUPER whatever the session's
                    // sql_log_bin, unless the server trusts routine creators.
                    return mariaDb
                        ? new[] { "CREATE", "DROP", "SELECT", "INSERT", "ALTER", "CREATE VIEW", "CREATE ROUTINE", "ALTER ROUTINE",
                            "TRIGGER", "EVENT", "SET USER|SUPER", "SUPER|" + TrustedRoutineCreators, SkipBinlog(true) }
                        : new[] { "CREATE", "DROP", "SELECT", "INSERT", "ALTER", "CREATE VIEW", "CREATE ROUTINE", "ALTER ROUTINE",
                            "TRIGGER", "EVENT", "SET_USER_ID|SET_ANY_DEFINER|SUPER", "SUPER|" + TrustedRoutineCreators, SkipBinlog(false) };
                default:
                    throw new ArgumentOutOfRangeException(nameof(job), job,
                        "Known jobs: Backup, Binlog, Restore, Mis, Recordings, BackupTest.");
            }
        }

        /// <summary>Counted as held when the server does not log or sets log_bin_trust_function_creators.</summary>
        public const string TrustedRoutineCreators = "log_bin_trust_function_creators=ON";

        /// <summary>What SET SESSION sql_log_bin = 0 needs: BINLOG ADMIN on MariaDB 10.5+, a session-variable privilege on MySQL 8; SUPER
        /// on both.</summary>
        public static string SkipBinlog(bool mariaDb) =>
            mariaDb ? "BINLOG ADMIN|SUPER" : "SYSTEM_VARIABLES_ADMIN|SESSION_VARIABLES_ADMIN|SUPER";

        /// <summary>SELECT on MariaDB's mysql.proc (globally, on mysql.* or on the table): what shows other definers' routines before
        /// 11.3.</summary>
        public const string ReadRoutines = "SELECT ON mysql.proc";

        /// <summary>Privileges the account holds globally or on the database (and <see cref="ReadRoutines"/> when it may read
        /// mysql.proc).</summary>
        public static async Task<HashSet<string>> HeldAsync(MySqlConnection connection, string? database,
            CancellationToken cancellationToken = default)
        {
            var held = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            string grantee;
            using (var command = new MySqlCommand(
                "SELECT CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(),'@',1), '''@''', SUBSTRING_INDEX(CURRENT_USER(),'@',-1), '''')",
                connection))
                grantee = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));

            const string sql =
                "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = @g " +
                "UNION SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = @g AND @db LIKE TABLE_SCHEMA " +
                "UNION SELECT '" + ReadRoutines + "' FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = @g AND PRIVILEGE_TYPE = " +
                    "'SELECT' " +
                "UNION SELECT '" + ReadRoutines + "' FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = @g AND PRIVILEGE_TYPE = " +
                    "'SELECT' AND 'mysql' LIKE TABLE_SCHEMA " +
                "UNION SELECT '" + ReadRoutines + "' FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = @g AND PRIVILEGE_TYPE = " +
                    "'SELECT' AND TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'proc'";
            using (var command = new MySqlCommand(sql, connection))
            {
                command.Parameters.AddWithValue("@g", grantee);
                command.Parameters.AddWithValue("@db", database ?? string.Empty);
                using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        held.Add(reader.GetString(0));
            }
            return held;
        }

        public static IReadOnlyList<string> Missing(IEnumerable<string> required, ISet<string> held) =>
            required.Where(r => !r.Split('|').Any(held.Contains)).Select(r => r.Replace("|", " or ")).ToList();
    }
}
