using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// A staged restore holds a second copy of the database until the swap. When the server is
    /// on this machine its data directory's free space is compared with that copy (the larger of
    /// the backup's SQL and the target's current size) and a shortfall refused before anything
    /// changes; for a remote server the space cannot be seen and is not checked.
    /// </summary>
    internal static class StagingSpace
    {
        public static async Task RefuseShortAsync(MySqlConnection admin, ConnectionOptions connection, RestorePlan plan, BackupInfo? backup,
            string target, CancellationToken token)
        {
            if (!IsLocal(connection.Server)) return;
            string datadir;
            long current;
            using (var command = new MySqlCommand("SELECT @@datadir, (SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM " +
                "information_schema.TABLES WHERE TABLE_SCHEMA = @db)", admin))
            {
                command.Parameters.AddWithValue("@db", target);
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(token).ConfigureAwait(false)) return;
                    datadir = reader.GetString(0);
                    current = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                }
            }
            if (datadir is not { Length: > 0 } || !Directory.Exists(datadir)) return;
            long free;
            try { free = new DriveInfo(datadir).AvailableFreeSpace; }
            catch (Exception ex) when (ex is IOException || ex is ArgumentException || ex is UnauthorizedAccessException) { return; }
            var needed = Math.Max(backup?.Bytes ?? 0, current);
            if (needed <= free) return;
            throw new RostrvmException("RestoreSpaceShort", FailureKind.LimitsExceeded,
                $"A staged restore of '{target}' builds a second copy beside it (about {needed / 1048576} MB) but the server's data " +
                    $"directory '{datadir}' has {free / 1048576} MB free. Nothing was changed. Free some space, or restore with -InPlace " +
                    "(a safety backup first, then the database rebuilt in place).",
                datadir);
        }

        private static bool IsLocal(string host) =>
            host is not { Length: > 0 } || host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host == "127.0.0.1"
                || host == "::1" ||
            host.Equals(Environment.MachineName, StringComparison.OrdinalIgnoreCase);
    }
}
