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
    /// Puts the dump connections into ONE consistent snapshot and reads the binlog coordinates of
    /// exactly that snapshot. MariaDB and MySQL 8 do this differently; each is one small class.
    /// The coordinator (locks, coordinates, schema) is not one of the dump connections: those are
    /// only ever used synchronously. In .NET on Linux a socket that has seen one asynchronous call
    /// stays non-blocking, and every later blocking read then goes through the epoll thread and
    /// the thread pool: about 450,000 context switches and a second of CPU per GB dumped.
    /// </summary>
    public abstract class SharedSnapshot
    {
        public static SharedSnapshot For(bool mariaDb) =>
            mariaDb ? (SharedSnapshot)new MariaDbSharedSnapshot() : new MySqlSharedSnapshot();

        /// <summary>
        /// Starts the snapshot on every worker connection; the coordinator takes any lock and
        /// reads the coordinates. May return fewer workers than given when the snapshot could not
        /// be shared; the caller then closes the rest.
        /// </summary>
        public abstract Task<SnapshotCoordinates> StartAsync(MySqlConnection coordinator, IReadOnlyList<MySqlConnection> workers,
            bool canLockTables, IJobReporter reporter, CancellationToken token);

        /// <summary>Releases whatever the snapshot holds besides the transactions.</summary>
        public virtual Task ReleaseAsync(MySqlConnection coordinator, CancellationToken token) => Task.CompletedTask;

        protected static async Task<DateTime> ServerUtcNowAsync(MySqlConnection connection, CancellationToken token)
        {
            using (var command = new MySqlCommand("SELECT UTC_TIMESTAMP(6)", connection))
                return DateTime.SpecifyKind(Convert.ToDateTime(await command.ExecuteScalarAsync(token).ConfigureAwait(false)),
                    DateTimeKind.Utc);
        }

        /// <summary>
        /// Starts the workers' transactions together (one blocking call per thread), so they tend to see the same commits.
        /// </summary>
        protected static Task StartTransactionsAsync(IEnumerable<MySqlConnection> workers) =>
            OnEachAsync(workers, "START TRANSACTION WITH CONSISTENT SNAPSHOT");

        protected static Task RollbackAsync(IEnumerable<MySqlConnection> workers) => OnEachAsync(workers, "ROLLBACK");

        private static Task OnEachAsync(IEnumerable<MySqlConnection> workers, string sql) =>
            Task.WhenAll(workers.Select(c => Task.Run(() => ServerCommand.Execute(c, sql))));
    }
}
