using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// Loads an .rbk (or .rbk.gz) into a database over connections, statement by statement as
    /// the mysql client would (DELIMITER handled by <see cref="SqlScriptReader"/>), streaming.
    /// Rows go faster over several connections: INSERTs are handed to a pool of sessions
    /// prepared like the file's preamble, and every other statement waits until they are done,
    /// so definitions, triggers and events still come exactly in file order.
    /// Used by Test-RostrvmBackup and by Restore-RostrvmDatabase.
    /// </summary>
    public static class BackupLoader
    {
        private const long HeapGrowthBeforeCollect = 8L << 20;

        private const string RowSessionSetup =
            "SET NAMES utf8mb4, SESSION time_zone = '+00:00', SESSION foreign_key_checks = 0, SESSION unique_checks = 0, " +
            "SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO', SESSION sql_notes = 0";

        /// <summary>Loads a backup file into <paramref name="target"/>.Database (which must exist).</summary>
        public static async Task<BackupLoadResult> LoadAsync(string path, ConnectionOptions target, BackupLoadOptions? options,
            IJobReporter? reporter, CancellationToken token)
        {
            options = options ?? new BackupLoadOptions();
            reporter = reporter ?? SilentReporter.Instance;
            if (!File.Exists(path))
                throw new RostrvmException("BackupNotFound", FailureKind.ObjectNotFound, $"The backup file '{path}' does not exist.",
                    path);
            var info = BackupCatalog.Read(path);
            if (options.RequireComplete && !info.Complete)
                throw new RostrvmException(info.Status == "Foreign" ? "BackupForeign" : "BackupIncomplete",
                    FailureKind.InvalidData, $"'{path}' cannot be loaded: {info.Problem}", path);

            var connections = new List<MySqlConnection>();
            try
            {
                for (var i = 0; i < Math.Max(1, options.Connections); i++)
                {
                    var connection = await ConnectionFactory.OpenAsync(target, true, token).ConfigureAwait(false);
                    connections.Add(connection);
                    if (options.SkipBinaryLog)
                        await ServerCommand.ExecuteAsync(connection, "SET SESSION sql_log_bin = 0", token).ConfigureAwait(false);
                    if (i > 0) await ServerCommand.ExecuteAsync(connection, RowSessionSetup, token).ConfigureAwait(false);
                }
                using (var stream = BackupCatalog.OpenText(path))
                {
                    var result = await LoadAsync(stream, connections, info.Bytes, reporter, token).ConfigureAwait(false);
                    result.Path = path;
                    result.Database = target.Database;
                    return result;
                }
            }
            catch (MySqlException ex)
            {
                throw new RostrvmException("BackupLoadFailed", FailureKind.InvalidOperation,
                    $"Loading '{path}' into '{target.Database}' failed: server " +
                        $"error {ex.Number}: {ServerErrorText.WithoutValues(ex.Message)} (values left out).", path, ex);
            }
            finally
            {
                foreach (var connection in connections) connection.Dispose();
            }
        }

        /// <summary>
        /// Loads SQL text over the given connections: connections[0] runs everything in order,
        /// the others (already set up like the file's preamble) help with INSERTs.
        /// </summary>
        public static async Task<BackupLoadResult> LoadAsync(Stream sql, IReadOnlyList<MySqlConnection> connections,
            long expectedBytes, IJobReporter reporter, CancellationToken token)
        {
            var watch = Stopwatch.StartNew();
            var progress = Stopwatch.StartNew();
            // Rows go in statements of at most 256 KB whatever the file's size: less in flight, same speed (see SplitInsertsAbove).
            var reader = new SqlScriptReader(sql) { SplitInsertsAbove = 256 << 10 };
            var result = new BackupLoadResult();
            var pending = new List<Task>();
            var idle = new ConcurrentQueue<MySqlConnection>(connections);
            var parallel = connections.Count > 1;
            // Secondary keys come back once the rows are in, each table's in one sorted pass (see
            // DeferredIndexes), the tables side by side on the connections. Rows of several tables
            // may interleave (a dump over several connections writes chunks as they finish), so
            // the keys wait for the first statement that is not a row insert.
            var deferred = new List<DeferredIndexes>();
            // Each statement is a string of up to twice the statement's bytes, garbage once sent.
            var heap = new Runtime.HeapGrowthLimit(HeapGrowthBeforeCollect);
            using (var limiter = new SemaphoreSlim(connections.Count))
            {
                async Task OnPool(string text)
                {
                    await limiter.WaitAsync(token).ConfigureAwait(false);
                    ThrowIfFailed(pending);
                    idle.TryDequeue(out var connection);
                    pending.Add(Task.Run(async () =>
                    {
                        try { await ExecuteRetryingDeadlockAsync(connection, text, token).ConfigureAwait(false); }
                        finally { idle.Enqueue(connection); limiter.Release(); }
                    }));
                    if (pending.Count > 64) { ThrowIfFailed(pending); pending.RemoveAll(t => t.IsCompleted); }
                }
                async Task AddDeferredKeys()
                {
                    if (deferred.Count == 0) return;
                    await Task.WhenAll(pending).ConfigureAwait(false);
                    pending.Clear();
                    foreach (var keys in deferred) await OnPool(keys.AlterStatement).ConfigureAwait(false);
                    deferred.Clear();
                    await Task.WhenAll(pending).ConfigureAwait(false);
                    pending.Clear();
                }

                string? statement;
                var rowsSeen = false;
                while ((statement = reader.Next()) != null)
                {
                    token.ThrowIfCancellationRequested();
                    heap.Check();
                    result.Statements++;
                    if (parallel && statement.StartsWith("INSERT INTO ", StringComparison.Ordinal))
                    {
                        rowsSeen = true;
                        await OnPool(statement).ConfigureAwait(false);
                    }
                    else
                    {
                        var keys = parallel && !rowsSeen ? DeferredIndexes.From(statement) : null;
                        if (keys != null)
                        {
                            deferred.Add(keys);
                            statement = keys.CreateWithoutKeys;
                        }
                        if (rowsSeen) await AddDeferredKeys().ConfigureAwait(false);
                        await Task.WhenAll(pending).ConfigureAwait(false);
                        pending.Clear();
                        await ServerCommand.ExecuteAsync(connections[0], statement, token).ConfigureAwait(false);
                    }
                    if (progress.ElapsedMilliseconds > 500)
                    {
                        progress.Restart();
                        reporter.Progress(new JobProgress("Loading backup", $"{reader.BytesRead / (1 << 20)} MB of SQL loaded",
                            JobProgress.Percent(reader.BytesRead, expectedBytes)));
                    }
                }
                await Task.WhenAll(pending).ConfigureAwait(false);
                pending.Clear();
                // Also the keys of tables without rows, and of a file that ends with its rows.
                await AddDeferredKeys().ConfigureAwait(false);
            }
            result.Bytes = reader.BytesRead;
            result.Duration = watch.Elapsed;
            return result;
        }

        /// <summary>
        /// Row inserts of one table on several connections can deadlock on its unique keys; InnoDB
        /// then rolls the whole statement back (each insert is its own transaction), so it is run again.
        /// </summary>
        private static async Task ExecuteRetryingDeadlockAsync(MySqlConnection connection, string statement, CancellationToken token)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await ServerCommand.ExecuteAsync(connection, statement, token).ConfigureAwait(false);
                    return;
                }
                catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.LockDeadlock && attempt < 5)
                {
                    await Task.Delay(50 * attempt, token).ConfigureAwait(false);
                }
            }
        }

        private static void ThrowIfFailed(List<Task> pending)
        {
            var failed = pending.FirstOrDefault(t => t.IsFaulted);
            if (failed != null) failed.GetAwaiter().GetResult();
        }

    }
}
