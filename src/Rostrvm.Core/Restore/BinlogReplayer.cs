using System;
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
    /// <summary>What a replay applied.</summary>
    public sealed class ReplayStats
    {
        public long Events { get; set; }
        public long Statements { get; set; }
        public long Transactions { get; set; }
        public string LastFile { get; set; }
        public long LastPosition { get; set; }
        public DateTime? LastTimeUtc { get; set; }
        public string LastGtid { get; set; }
        public List<string> Notes { get; } = new List<string>();
        public TimeSpan Duration { get; set; }
    }

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
        private static readonly Regex s_databaseDdl = new Regex(@"^\s*(CREATE|DROP)\s+(DATABASE|SCHEMA)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static async Task<ReplayStats> ReplayAsync(MySqlConnection connection, IList<string> files, BinlogRange range, BinlogSqlWriterOptions options,
            bool skipDatabaseDdl, IJobReporter reporter, CancellationToken token)
        {
            reporter = reporter ?? SilentReporter.Instance;
            var stats = new ReplayStats();
            var watch = Stopwatch.StartNew();
            var progress = Stopwatch.StartNew();
            var writer = new BinlogSqlWriter(options);
            var batch = new List<BinlogStatement>(BatchStatements);
            var text = new StringBuilder(BatchBytes + 4096);

            foreach (var statement in writer.ReadStatements(files, range, token))
            {
                token.ThrowIfCancellationRequested();
                if (!statement.IsExecutable) continue;
                if (skipDatabaseDdl && statement.Kind == BinlogStatementKind.Statement && s_databaseDdl.IsMatch(statement.Sql))
                {
                    stats.Notes.Add($"Skipped '{Shorten(statement.Sql)}' at {Path.GetFileName(statement.File)}:{statement.Position}: the restore creates the target database itself.");
                    continue;
                }
                var sql = statement.Sql.TrimEnd(' ', '\t', '\r', '\n', ';');
                if (sql.Length == 0) continue;
                // A BINLOG statement leaves the server's "more results" flag unset, which would end a
                // multi-statement batch early for the client: it is sent on its own.
                var alone = statement.Kind == BinlogStatementKind.Binlog;
                if (batch.Count > 0 && (alone || text.Length + sql.Length > BatchBytes || batch.Count >= BatchStatements))
                    await FlushAsync(connection, batch, text, stats, token).ConfigureAwait(false);
                if (text.Length > 0) text.Append("\n;\n");
                text.Append(sql);
                batch.Add(statement);
                if (alone) await FlushAsync(connection, batch, text, stats, token).ConfigureAwait(false);
                if (progress.ElapsedMilliseconds > 500 && statement.File != null)
                {
                    progress.Restart();
                    reporter.Progress(new JobProgress("Replaying binlogs", $"{Path.GetFileName(statement.File)}:{statement.Position} ({statement.TimeUtc:yyyy-MM-dd HH:mm:ss} UTC)"));
                }
            }
            if (batch.Count > 0) await FlushAsync(connection, batch, text, stats, token).ConfigureAwait(false);
            stats.Events = writer.Result.Events;
            foreach (var w in writer.Result.Warnings) stats.Notes.Add(w);
            stats.Duration = watch.Elapsed;
            return stats;
        }

        private static async Task FlushAsync(MySqlConnection connection, List<BinlogStatement> batch, StringBuilder text, ReplayStats stats, CancellationToken token)
        {
            var index = 0;
            try
            {
                using (var command = new MySqlCommand(text.ToString(), connection) { CommandTimeout = 0 })
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                {
                    index = 1;
                    while (await reader.NextResultAsync(token).ConfigureAwait(false)) index++;
                }
            }
            catch (MySqlException ex)
            {
                var failed = batch[Math.Min(index, batch.Count - 1)];
                throw new RostrvmException("BinlogReplayFailed", FailureKind.InvalidOperation,
                    $"Replaying the binlog failed at {Path.GetFileName(failed.File)}:{failed.Position} ({failed.TimeUtc:yyyy-MM-dd HH:mm:ss} UTC{(failed.Gtid != null ? ", GTID " + failed.Gtid : "")}): server error {ex.Number}: {ex.Message}. Statement: {Shorten(failed.Sql)}. The target database is incomplete; fix the cause and run the restore again (it starts from scratch).",
                    Path.GetFileName(failed.File) + ":" + failed.Position, ex);
            }
            foreach (var s in batch)
            {
                stats.Statements++;
                if (s.EndsTransaction && s.File != null)
                {
                    stats.Transactions++;
                    stats.LastFile = Path.GetFileName(s.File);
                    stats.LastPosition = s.EndPosition;
                    stats.LastTimeUtc = s.TimeUtc;
                    stats.LastGtid = s.Gtid;
                }
            }
            batch.Clear();
            text.Clear();
        }

        private static string Shorten(string sql)
        {
            var one = string.Join(" ", (sql ?? string.Empty).Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
            return one.Length > 300 ? one.Substring(0, 300) + "..." : one;
        }
    }
}
