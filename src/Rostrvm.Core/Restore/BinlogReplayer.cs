using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// Applies the statements <see cref="BinlogSqlWriter"/> makes of a binlog range over ONE
    /// session, in order (DESIGN 5a): statements with their context, rows events as BINLOG
    /// statements, temporary tables kept across files because the session is. Statements are
    /// sent in small multi-statement batches (the server runs them in order, in the same
    /// session, exactly as the client would) to save round trips; a failure names the statement
    /// and its binlog position.
    /// </summary>
    public static class BinlogReplayer
    {
        private const int BatchBytes = 256 * 1024;
        private const int BatchStatements = 200;
        private const int BatchesAhead = 4;
        // BINLOG statements and batches are strings of hundreds of KB (large object heap), garbage once sent.
        // 32 MB between full collections: at 8 MB the collections cost 7 % of a replay at Medium, for the same peak.
        private const long HeapGrowthBeforeCollect = 32L << 20;
        private static readonly Regex s_databaseDdl = new Regex(@"^\s*(CREATE|DROP)\s+(DATABASE|SCHEMA)\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static async Task<ReplayStats> ReplayAsync(MySqlConnection connection, IList<string> files, BinlogRange range,
            BinlogSqlWriterOptions options,
            bool skipDatabaseDdl, IJobReporter reporter, CancellationToken token)
        {
            reporter = reporter ?? SilentReporter.Instance;
            var stats = new ReplayStats();
            var watch = Stopwatch.StartNew();
            // Files of LOAD DATA statements (statement format) live only as long as the replay.
            var loadFolder = Path.Combine(Path.GetTempPath(), "rostrvm-replay-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            var writer = new BinlogSqlWriter(options.WithLoadFileDirectory(loadFolder));
            try
            {
                return await ReplayAsync(connection, writer, files, range, skipDatabaseDdl, stats, watch, reporter, token)
                    .ConfigureAwait(false);
            }
            finally
            {
                if (Directory.Exists(loadFolder))
                {
                    try { Directory.Delete(loadFolder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }
            }
        }

        private static async Task<ReplayStats> ReplayAsync(MySqlConnection connection, BinlogSqlWriter writer, IList<string> files,
            BinlogRange range,
            bool skipDatabaseDdl, ReplayStats stats, Stopwatch watch, IJobReporter reporter, CancellationToken token)
        {
            // Reading and decoding the binlog overlaps with the server applying the previous
            // batches (as mariadb-binlog | mariadb overlaps its two processes); the order of
            // statements, and the one session, are unchanged.
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(token))
            // A few batches ahead are enough to keep the server busy; more only hold memory.
            using (var queue = new BlockingCollection<Batch>(BatchesAhead))
            {
                // Both sides block (a bounded queue, synchronous I/O) on threads of their own: a
                // blocked thread-pool thread waiting for async I/O completions starves a 2-core machine.
                var producer = Task.Factory.StartNew(() =>
                {
                    try { Produce(writer, files, range, skipDatabaseDdl, stats, queue, reporter, stop.Token); }
                    finally { queue.CompleteAdding(); }
                }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                var heap = new Runtime.HeapGrowthLimit(HeapGrowthBeforeCollect);
                try
                {
                    foreach (var batch in queue.GetConsumingEnumerable(stop.Token))
                    {
                        Execute(connection, batch, stats);
                        heap.Check();
                    }
                }
                catch
                {
                    stop.Cancel();
                    try { await producer.ConfigureAwait(false); } catch (OperationCanceledException) { }
                    throw;
                }
                await producer.ConfigureAwait(false);
            }
            stats.Events = writer.Result.Events;
            stats.SkippedOtherDatabases = writer.Result.TransactionsOtherDatabases;
            stats.SkippedScratch = writer.Result.TransactionsScratch;
            foreach (var w in writer.Result.Warnings) stats.Notes.Add(w);
            stats.Duration = watch.Elapsed;
            return stats;
        }

        private sealed class Batch
        {
            public readonly List<BinlogStatement> Statements = new List<BinlogStatement>();
            public readonly StringBuilder Text = new StringBuilder();
            public string? FirstSql; // set with the batch's first statement
        }

        private static void Produce(BinlogSqlWriter writer, IList<string> files, BinlogRange range, bool skipDatabaseDdl, ReplayStats stats,
            BlockingCollection<Batch> queue, IJobReporter reporter, CancellationToken token)
        {
            var progress = Stopwatch.StartNew();
            var batch = new Batch();
            foreach (var statement in writer.ReadStatements(files, range, token))
            {
                token.ThrowIfCancellationRequested();
                if (!statement.IsExecutable) continue;
                if (skipDatabaseDdl && statement.Kind == BinlogStatementKind.Statement && s_databaseDdl.IsMatch(statement.Sql))
                {
                    stats.Notes.Add($"Skipped '{Shorten(statement.Sql)}' at {Path.GetFileName(statement.File)}:{statement.Position}: the " +
                        "restore creates the target database itself.");
                    continue;
                }
                var sql = statement.Sql.TrimEnd(' ', '\t', '\r', '\n', ';');
                if (sql.Length == 0) continue;
                // A BINLOG statement leaves the server's "more results" flag unset, which would end a
                // multi-statement batch early for the client: it is sent on its own.
                var alone = statement.Kind == BinlogStatementKind.Binlog || statement.LoadData != null;
                if (batch.Statements.Count > 0 && (alone || batch.Text.Length + batch.FirstSql!.Length + sql.Length > BatchBytes
                    || batch.Statements.Count >= BatchStatements))
                {
                    queue.Add(batch, token);
                    batch = new Batch();
                }
                if (batch.Statements.Count == 0) batch.FirstSql = sql;
                else if (batch.Statements.Count == 1) batch.Text.Append(batch.FirstSql);
                if (batch.Statements.Count > 0) batch.Text.Append("\n;\n").Append(sql);
                batch.Statements.Add(statement);
                if (alone)
                {
                    queue.Add(batch, token);
                    batch = new Batch();
                }
                if (progress.ElapsedMilliseconds > 500 && statement.File != null)
                {
                    progress.Restart();
                    reporter.Progress(new JobProgress("Replaying binlogs", $"{Path.GetFileName(statement.File)}:{statement.Position} " +
                        $"({statement.TimeUtc:yyyy-MM-dd HH:mm:ss} UTC)"));
                }
            }
            if (batch.Statements.Count > 0) queue.Add(batch, token);
        }

        private static void Execute(MySqlConnection connection, Batch batch, ReplayStats stats)
        {
            var index = 0;
            try
            {
                if (batch.Statements.Count == 1 && batch.Statements[0].LoadData is LoadDataStatement load)
                {
                    LoadLocal(connection, load);
                    index = 1;
                }
                else
                {
                    // A single statement (every BINLOG one) is sent as it is: no second large string to collect.
                    var text = batch.Statements.Count == 1 ? batch.FirstSql : batch.Text.ToString();
                    using (var command = new MySqlCommand(text, connection) { CommandTimeout = 0 })
                    using (var reader = command.ExecuteReader())
                    {
                        index = 1;
                        while (reader.NextResult()) index++;
                    }
                }
            }
            catch (MySqlException ex)
            {
                var failed = batch.Statements[Math.Min(index, batch.Statements.Count - 1)];
                // 3948 (MySQL) / 4166 (MariaDB) / 1148: LOAD DATA LOCAL refused by the server's local_infile.
                var hint = ex.Number == 3948 || ex.Number == 4166 || ex.Number == 1148
                    ? " The binlog holds LOAD DATA in statement format, which replays as LOAD DATA LOCAL INFILE: allow it for the " +
                        "restore with SET GLOBAL local_infile = 1."
                    : string.Empty;
                throw new RostrvmException("BinlogReplayFailed", FailureKind.InvalidOperation,
                    $"Replaying the binlog failed at {Path.GetFileName(failed.File)}:{failed.Position} " +
                        $"({failed.TimeUtc:yyyy-MM-dd HH:mm:ss} UTC{(failed.Gtid != null ? ", GTID " + failed.Gtid : "")}): server " +
                        $"error {ex.Number}: {ServerErrorText.WithoutValues(ex.Message)}.{hint} Statement (values left " +
                        $"out): {ServerErrorText.WithoutValues(Shorten(failed.Sql))}. The target database is incomplete; fix the cause " +
                        "and run the restore again (it starts from scratch).",
                    Path.GetFileName(failed.File) + ":" + failed.Position, ex);
            }
            foreach (var s in batch.Statements)
            {
                stats.Statements++;
                if (s.EndsTransaction && s.TransactionWritten && s.File != null)
                {
                    stats.Transactions++;
                    stats.LastFile = Path.GetFileName(s.File);
                    stats.LastPosition = s.EndPosition;
                    stats.LastTimeUtc = s.TimeUtc;
                    stats.LastGtid = s.Gtid;
                }
            }
        }

        /// <summary>
        /// LOAD DATA logged in statement format, from the local copy of its file. The bulk loader
        /// hands the connector the file as its own stream, so the server cannot ask for any other.
        /// </summary>
        private static void LoadLocal(MySqlConnection connection, LoadDataStatement load)
        {
            var loader = new MySqlBulkLoader(connection)
            {
                Local = true,
                FileName = load.LocalPath,
                TableName = load.Target,
                NumberOfLinesToSkip = load.SkipLines,
                ConflictOption = load.Duplicates == LoadDuplicates.Replace ? MySqlBulkLoaderConflictOption.Replace
                    : load.Duplicates == LoadDuplicates.Ignore ? MySqlBulkLoaderConflictOption.Ignore : MySqlBulkLoaderConflictOption.None,
                Priority = load.Priority == "LOW_PRIORITY" ? MySqlBulkLoaderPriority.Low : load.Priority == "CONCURRENT"
                    ? MySqlBulkLoaderPriority.Concurrent : MySqlBulkLoaderPriority.None,
            };
            if (load.Columns != null) loader.Columns.Add(load.Columns);
            if (load.Assignments != null) loader.Expressions.Add(load.Assignments);
            loader.Load();
        }

        private static string Shorten(string sql)
        {
            var one = string.Join(" ", (sql ?? string.Empty).Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
            return one.Length > 300 ? one.Substring(0, 300) + "..." : one;
        }
    }
}
