using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// MySQL 8: LOCK INSTANCE FOR BACKUP keeps DDL out for the whole dump (BACKUP_ADMIN); commits
    /// are held by a brief FLUSH TABLES WITH READ LOCK (RELOAD) while every worker starts its
    /// snapshot, and performance_schema.log_status gives the binlog file, position and
    /// gtid_executed of that instant. Untested here (no MySQL server is installable).
    /// </summary>
    internal sealed class MySqlSharedSnapshot : SharedSnapshot
    {
        public override async Task<SnapshotCoordinates> StartAsync(MySqlConnection coordinator, IReadOnlyList<MySqlConnection> workers,
            bool canLockTables, IJobReporter reporter, CancellationToken token)
        {
            if (!canLockTables)
                throw new RostrvmException("MissingPrivilege", FailureKind.PermissionDenied,
                    "A consistent backup of MySQL 8 with binlog coordinates needs the RELOAD privilege (for a brief FLUSH TABLES " +
                        "WITH READ LOCK). Grant RELOAD to the backup account.", "RELOAD");
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
            finally
            {
                await ServerCommand.ExecuteAsync(coordinator, "UNLOCK TABLES", CancellationToken.None).ConfigureAwait(false);
            }
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
