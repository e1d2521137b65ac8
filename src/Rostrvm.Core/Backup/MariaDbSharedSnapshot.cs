using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// MariaDB: START TRANSACTION WITH CONSISTENT SNAPSHOT is atomic with binlog commits and
    /// reports its own coordinates (binlog_snapshot_file/position), no global lock needed. Two
    /// snapshots with the same coordinates see exactly the same committed transactions, so the
    /// workers start theirs together and the coordinates are compared; on a busy server a few
    /// retries, then a brief FLUSH TABLES WITH READ LOCK (RELOAD privilege) or one connection.
    /// </summary>
    internal sealed class MariaDbSharedSnapshot : SharedSnapshot
    {
        /// <summary>
        /// AppContext data (an int): how many times the workers try to share a snapshot without a
        /// lock, 8 when not set. 0 goes straight to the fallbacks, which is how the tests reach them.
        /// </summary>
        public const string LockFreeAttemptsSetting = "Rostrvm.Backup.LockFreeSnapshotAttempts";

        private static int LockFreeAttempts =>
            AppContext.GetData(LockFreeAttemptsSetting) is int attempts && attempts >= 0 ? attempts : 8;

        public override async Task<SnapshotCoordinates> StartAsync(MySqlConnection coordinator, IReadOnlyList<MySqlConnection> workers,
            bool canLockTables, IJobReporter reporter, CancellationToken token)
        {
            if (workers.Count > 1)
            {
                var attempts = LockFreeAttempts;
                for (var attempt = 1; attempt <= attempts; attempt++)
                {
                    token.ThrowIfCancellationRequested();
                    await StartTransactionsAsync(workers).ConfigureAwait(false);
                    var seen = workers.Select(ReadSnapshotStatus).ToList();
                    if (!string.IsNullOrEmpty(seen[0].File) && seen.All(s => s == seen[0]))
                        return await CoordinatesAsync(coordinator, seen[0], "ConsistentSnapshot", workers.Count, token)
                            .ConfigureAwait(false);
                    await RollbackAsync(workers).ConfigureAwait(false);
                    if (string.IsNullOrEmpty(seen[0].File)) break; // binary log off: nothing to compare
                    reporter.Verbose($"Snapshot attempt {attempt}: workers saw different binlog positions " +
                        $"({string.Join(", ", seen.Select(s => s.File + ":" + s.Position))}); retrying.");
                }
                if (canLockTables)
                {
                    // Commits are blocked only while the workers start their transactions.
                    await ServerCommand.ExecuteAsync(coordinator, "SET SESSION lock_wait_timeout = 30", token)
                        .ConfigureAwait(false);
                    await ServerCommand.ExecuteAsync(coordinator, "FLUSH TABLES WITH READ LOCK", token).ConfigureAwait(false);
                    try
                    {
                        await StartTransactionsAsync(workers).ConfigureAwait(false);
                        var status = ReadSnapshotStatus(workers[0]);
                        return await CoordinatesAsync(coordinator, status, "FlushTablesWithReadLock", workers.Count, token)
                            .ConfigureAwait(false);
                    }
                    finally
                    {
                        await ServerCommand.ExecuteAsync(coordinator, "UNLOCK TABLES", CancellationToken.None).ConfigureAwait(false);
                    }
                }
                reporter.Warning("The workers could not share one snapshot while the server was busy and the account lacks RELOAD " +
                    "for a brief lock; dumping over one connection.");
            }
            ServerCommand.Execute(workers[0], "START TRANSACTION WITH CONSISTENT SNAPSHOT");
            var single = ReadSnapshotStatus(workers[0]);
            return await CoordinatesAsync(coordinator, single, "SingleConnection", 1, token).ConfigureAwait(false);
        }

        private static (string File, long Position) ReadSnapshotStatus(MySqlConnection worker)
        {
            string? file = null; long position = 0;
            using (var command = new MySqlCommand("SHOW STATUS LIKE 'binlog_snapshot_%'", worker))
            using (var reader = command.ExecuteReader())
                while (reader.Read())
                {
                    var name = reader.GetString(0);
                    var value = reader.IsDBNull(1) ? string.Empty : reader.GetString(1);
                    if (name.Equals("Binlog_snapshot_file", StringComparison.OrdinalIgnoreCase)) file = value;
                    else if (name.Equals("Binlog_snapshot_position", StringComparison.OrdinalIgnoreCase))
                        long.TryParse(value, out position);
                }
            // The status holds the file's full path on some versions; the coordinates name the file.
            if (file is { Length: > 0 }) file = System.IO.Path.GetFileName(file.Replace('\\', '/'));
            return (file ?? string.Empty, position);
        }

        private static async Task<SnapshotCoordinates> CoordinatesAsync(MySqlConnection coordinator, (string File, long Position) status,
            string method, int workers, CancellationToken token)
        {
            string? gtid = null;
            if (!string.IsNullOrEmpty(status.File))
            {
                // The GTID state at exactly that binlog position (not @@gtid_binlog_pos, which moves on).
                using (var command = new MySqlCommand("SELECT BINLOG_GTID_POS(@f, @p)", coordinator))
                {
                    command.Parameters.AddWithValue("@f", status.File);
                    command.Parameters.AddWithValue("@p", status.Position);
                    gtid = Convert.ToString(await command.ExecuteScalarAsync(token).ConfigureAwait(false));
                }
            }
            return new SnapshotCoordinates
            {
                BinlogFile = status.File,
                BinlogPosition = status.Position,
                Gtid = gtid ?? string.Empty,
                TimeUtc = await ServerUtcNowAsync(coordinator, token).ConfigureAwait(false),
                Method = method,
                Workers = workers,
            };
        }
    }
}
