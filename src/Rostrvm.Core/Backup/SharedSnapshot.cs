#nullable disable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Backup
{
    /// <summary>Where the binlog stood at the snapshot every worker reads from.</summary>
    public sealed class SnapshotCoordinates
    {
        public string BinlogFile { get; set; }
        public long BinlogPosition { get; set; }
        public string Gtid { get; set; }
        public DateTime TimeUtc { get; set; }
        public string Method { get; set; }
        /// <summary>How many worker connections share the snapshot (others were closed).</summary>
        public int Workers { get; set; }
    }

    /// <summary>
    /// Puts the dump connections into ONE consistent snapshot and reads the binlog coordinates of
    /// exactly that snapshot. MariaDB and MySQL 8 do this differently; each is one small class.
    /// The coordinator (locks, coordinates, schema) is not one of the dump connections: those are
    /// only ever used synchronously. In .NET on Linux a socket that has seen one asynchronous call
    /// stays non-blocking, and every later blocking read then goes through the epoll thread and
    /// the thread pool: about 450,000 context switches and a second of CPU per GB dumped.
    /// </summary>
    public abstract class SharedSnapshot
    {
        public static SharedSnapshot For(bool mariaDb) => mariaDb ? (SharedSnapshot)new MariaDbSharedSnapshot() : new MySqlSharedSnapshot();

        /// <summary>
        /// Starts the snapshot on every worker connection; the coordinator takes any lock and
        /// reads the coordinates. May return fewer workers than given when the snapshot could not
        /// be shared; the caller then closes the rest.
        /// </summary>
        public abstract Task<SnapshotCoordinates> StartAsync(MySqlConnection coordinator, IReadOnlyList<MySqlConnection> workers, bool canLockTables, IJobReporter reporter, CancellationToken token);

        /// <summary>Releases whatever the snapshot holds besides the transactions.</summary>
        public virtual Task ReleaseAsync(MySqlConnection coordinator, CancellationToken token) => Task.CompletedTask;


        protected static async Task<DateTime> ServerUtcNowAsync(MySqlConnection connection, CancellationToken token)
        {
            using (var command = new MySqlCommand("SELECT UTC_TIMESTAMP(6)", connection))
                return DateTime.SpecifyKind(Convert.ToDateTime(await command.ExecuteScalarAsync(token).ConfigureAwait(false)), DateTimeKind.Utc);
        }

        /// <summary>Starts the workers' transactions together (one blocking call per thread), so they tend to see the same commits.</summary>
        protected static Task StartTransactionsAsync(IEnumerable<MySqlConnection> workers) => OnEachAsync(workers, "START TRANSACTION WITH CONSISTENT SNAPSHOT");

        protected static Task RollbackAsync(IEnumerable<MySqlConnection> workers) => OnEachAsync(workers, "ROLLBACK");

        private static Task OnEachAsync(IEnumerable<MySqlConnection> workers, string sql) =>
            Task.WhenAll(workers.Select(c => Task.Run(() => ServerCommand.Execute(c, sql))));
    }

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

        private static int LockFreeAttempts => AppContext.GetData(LockFreeAttemptsSetting) is int attempts && attempts >= 0 ? attempts : 8;

        public override async Task<SnapshotCoordinates> StartAsync(MySqlConnection coordinator, IReadOnlyList<MySqlConnection> workers, bool canLockTables, IJobReporter reporter, CancellationToken token)
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
                        return await CoordinatesAsync(coordinator, seen[0], "ConsistentSnapshot", workers.Count, token).ConfigureAwait(false);
                    await RollbackAsync(workers).ConfigureAwait(false);
                    if (string.IsNullOrEmpty(seen[0].File)) break; // binary log off: nothing to compare
                    reporter.Verbose($"Snapshot attempt {attempt}: workers saw different binlog positions ({string.Join(", ", seen.Select(s => s.File + ":" + s.Position))}); retrying.");
                }
                if (canLockTables)
                {
                    // Commits are blocked only while the workers start their transactions.
                    await ServerCommand.ExecuteAsync(coordinator, "SET SESSION lock_wait_timeout = 30", token).ConfigureAwait(false);
                    await ServerCommand.ExecuteAsync(coordinator, "FLUSH TABLES WITH READ LOCK", token).ConfigureAwait(false);
                    try
                    {
                        await StartTransactionsAsync(workers).ConfigureAwait(false);
                        var status = ReadSnapshotStatus(workers[0]);
                        return await CoordinatesAsync(coordinator, status, "FlushTablesWithReadLock", workers.Count, token).ConfigureAwait(false);
                    }
                    finally { await ServerCommand.ExecuteAsync(coordinator, "UNLOCK TABLES", CancellationToken.None).ConfigureAwait(false); }
                }
                reporter.Warning("The workers could not share one snapshot while the server was busy and the account lacks RELOAD for a brief lock; dumping over one connection.");
            }
            ServerCommand.Execute(workers[0], "START TRANSACTION WITH CONSISTENT SNAPSHOT");
            var single = ReadSnapshotStatus(workers[0]);
            return await CoordinatesAsync(coordinator, single, "SingleConnection", 1, token).ConfigureAwait(false);
        }

        private static (string File, long Position) ReadSnapshotStatus(MySqlConnection worker)
        {
            string file = null; long position = 0;
            using (var command = new MySqlCommand("SHOW STATUS LIKE 'binlog_snapshot_%'", worker))
            using (var reader = command.ExecuteReader())
                while (reader.Read())
                {
                    var name = reader.GetString(0);
                    var value = reader.IsDBNull(1) ? string.Empty : reader.GetString(1);
                    if (name.Equals("Binlog_snapshot_file", StringComparison.OrdinalIgnoreCase)) file = value;
                    else if (name.Equals("Binlog_snapshot_position", StringComparison.OrdinalIgnoreCase)) long.TryParse(value, out position);
                }
            // The status holds the file's full path on some versions; the coordinates name the file.
            if (!string.IsNullOrEmpty(file)) file = System.IO.Path.GetFileName(file.Replace('\\', '/'));
            return (file ?? string.Empty, position);
        }

        private static async Task<SnapshotCoordinates> CoordinatesAsync(MySqlConnection coordinator, (string File, long Position) status, string method, int workers, CancellationToken token)
        {
            string gtid = null;
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

    /// <summary>
    /// MySQL 8: LOCK INSTANCE FOR BACKUP keeps DDL out for the whole dump (BACKUP_ADMIN); commits
    /// are held by a brief FLUSH TABLES WITH READ LOCK (RELOAD) while every worker starts its
    /// snapshot, and performance_schema.log_status gives the binlog file, position and
    /// gtid_executed of that instant. Untested here (no MySQL server is installable).
    /// </summary>
    internal sealed class MySqlSharedSnapshot : SharedSnapshot
    {
        public override async Task<SnapshotCoordinates> StartAsync(MySqlConnection coordinator, IReadOnlyList<MySqlConnection> workers, bool canLockTables, IJobReporter reporter, CancellationToken token)
        {
            if (!canLockTables)
                throw new RostrvmException("MissingPrivilege", FailureKind.PermissionDenied,
                    "A consistent backup of MySQL 8 with binlog coordinates needs the RELOAD privilege (for a brief FLUSH TABLES WITH READ LOCK). Grant RELOAD to the backup account.", "RELOAD");
            await ServerCommand.ExecuteAsync(coordinator, "LOCK INSTANCE FOR BACKUP", token).ConfigureAwait(false);
            await ServerCommand.ExecuteAsync(coordinator, "SET SESSION lock_wait_timeout = 30", token).ConfigureAwait(false);
            await ServerCommand.ExecuteAsync(coordinator, "FLUSH TABLES WITH READ LOCK", token).ConfigureAwait(false);
            string file = string.Empty, gtid = string.Empty; long position = 0;
            try
            {
                await StartTransactionsAsync(workers).ConfigureAwait(false);
                using (var command = new MySqlCommand(
                    "SELECT JSON_UNQUOTE(JSON_EXTRACT(LOCAL, '$.binary_log_file')), JSON_EXTRACT(LOCAL, '$.binary_log_position'), " +
                    "JSON_UNQUOTE(JSON_EXTRACT(LOCAL, '$.gtid_executed')) FROM performance_schema.log_status", coordinator))
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                    if (await reader.ReadAsync(token).ConfigureAwait(false))
                    {
                        file = reader.IsDBNull(0) ? string.Empty : reader.GetString(0);
                        position = reader.IsDBNull(1) ? 0 : Convert.ToInt64(reader.GetValue(1));
                        gtid = reader.IsDBNull(2) ? string.Empty : reader.GetString(2).Replace("\n", string.Empty);
                    }
            }
            finally { await ServerCommand.ExecuteAsync(coordinator, "UNLOCK TABLES", CancellationToken.None).ConfigureAwait(false); }
            return new SnapshotCoordinates
            {
                BinlogFile = file, BinlogPosition = position, Gtid = gtid,
                TimeUtc = await ServerUtcNowAsync(coordinator, token).ConfigureAwait(false),
                Method = "LockInstanceForBackup", Workers = workers.Count,
            };
        }

        public override Task ReleaseAsync(MySqlConnection coordinator, CancellationToken token) =>
            ServerCommand.ExecuteAsync(coordinator, "UNLOCK INSTANCE", token);
    }
}
