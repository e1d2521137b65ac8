using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Restore
{
    /// <summary>How to carry out a plan.</summary>
    public sealed class RestoreOptions
    {
        /// <summary>The server (any database); the plan names the databases.</summary>
        public ConnectionOptions Connection { get; set; }
        public RestorePlan Plan { get; set; }
        /// <summary>-NoBinlog: SET sql_log_bin=0 on every restoring session.</summary>
        public bool NoBinlog { get; set; }
        public bool SkipSafetyBackup { get; set; }
        /// <summary>Where safety backups go (default &lt;BackupPath&gt;/safety: the planner never picks them).</summary>
        public string SafetyBackupFolder { get; set; }
        public string VersionNumber { get; set; } = "920";
        public string ServiceName { get; set; }
        /// <summary>Connections loading the .rbk.</summary>
        public int LoadConnections { get; set; } = 2;
    }

    /// <summary>
    /// Restore-RostrvmDatabase: carries out a <see cref="RestorePlan"/>. The target database is
    /// rebuilt from scratch every time (safety backup of the live state first, DROP + CREATE,
    /// load the .rbk, replay the binlogs from the backup's exact coordinates in one session), so a
    /// restore killed at any moment and run again reaches exactly the same state. Why not a
    /// staging database swapped in by RENAME TABLE: triggers cannot be renamed into another
    /// database (error 1435), views, routines and events do not move with their tables, and
    /// statements in the binlog that name the database explicitly would write into the live one
    /// while the staging copy was being built; so the swap would not equal the documented manual
    /// procedure, which is what this must equal.
    /// </summary>
    public static class DatabaseRestore
    {
        private const string Activity = "Restoring database";

        public static async Task<RestoreResult> RunAsync(RestoreOptions options, IJobReporter reporter, CancellationToken token)
        {
            reporter = reporter ?? SilentReporter.Instance;
            var plan = options.Plan;
            Refuse(plan);
            var watch = Stopwatch.StartNew();
            var target = plan.TargetDatabase;
            var live = string.Equals(target, plan.Database, StringComparison.Ordinal);
            var result = new RestoreResult { Database = plan.Database, TargetDatabase = target, Plan = plan, BinaryLogDisabled = options.NoBinlog, ServiceName = options.ServiceName };
            var notes = new List<string>();
            var marker = Path.Combine(options.SafetyBackupFolder ?? Path.GetTempPath(), ".restore-in-progress-" + target + ".json");

            using (var admin = await ConnectionFactory.OpenAsync(options.Connection, false, token).ConfigureAwait(false))
            {
                var server = await ServerInfo.ReadAsync(admin, token).ConfigureAwait(false);
                var held = await PrivilegeCheck.HeldAsync(admin, target, token).ConfigureAwait(false);
                var missing = PrivilegeCheck.Missing(PrivilegeCheck.Required("Restore", server.IsMariaDb), held);
                if (missing.Count > 0)
                    throw new RostrvmException("MissingPrivilege", FailureKind.PermissionDenied,
                        $"User '{options.Connection.UserName}' lacks the privilege(s) {string.Join(", ", missing)} needed to restore '{target}' (BINLOG statements need BINLOG REPLAY or SUPER, -NoBinlog needs BINLOG ADMIN or SUPER). Grant them, or use another account. Nothing was changed.",
                        string.Join(", ", missing));
                result.GtidHandling = await DescribeGtidHandlingAsync(admin, server, options.NoBinlog, token).ConfigureAwait(false);
                var exists = await DatabaseExistsAsync(admin, target, token).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(options.ServiceName)) ServiceControl.EnsureExists(options.ServiceName);

                // Safety backup of the live state, once per interrupted restore (the marker says one is under way).
                if (!string.IsNullOrEmpty(options.ServiceName))
                {
                    reporter.Progress(new JobProgress(Activity, $"Stopping the service '{options.ServiceName}'"));
                    ServiceControl.Stop(options.ServiceName);
                    result.ServiceAction = "Stopped";
                }
                if (live && exists && !options.SkipSafetyBackup)
                {
                    if (File.Exists(marker))
                    {
                        var previous = File.ReadAllText(marker);
                        notes.Add($"An earlier restore of '{target}' was interrupted; its safety backup is kept ({previous.Trim()}), no new one was taken of the half-restored database.");
                        result.SafetyBackup = TryReadSafetyPath(previous);
                    }
                    else
                    {
                        reporter.Progress(new JobProgress(Activity, $"Safety backup of '{target}' before it is overwritten"));
                        Directory.CreateDirectory(options.SafetyBackupFolder);
                        var safety = await DatabaseBackup.RunAsync(new BackupOptions
                        {
                            Connection = options.Connection.WithDatabase(target),
                            Folder = options.SafetyBackupFolder,
                            VersionNumber = options.VersionNumber,
                            Cycle = 2,
                        }, reporter, token).ConfigureAwait(false);
                        result.SafetyBackup = safety.Path;
                        using (var file = AtomicFile.Create(marker, ownerOnly: true))
                        {
                            var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["safetyBackup"] = safety.Path, ["startedUtc"] = DateTime.UtcNow.ToString("o") }));
                            file.Stream.Write(bytes, 0, bytes.Length);
                            file.Flush();
                            file.Commit();
                        }
                    }
                }
                else if (live && exists) notes.Add("No safety backup was taken (-SkipSafetyBackup).");

                reporter.Progress(new JobProgress(Activity, $"Re-creating '{target}'"));
                var charset = await DefaultCharsetAsync(admin, exists ? target : plan.Database, token).ConfigureAwait(false);
                if (options.NoBinlog) await ExecuteAsync(admin, "SET SESSION sql_log_bin = 0", token).ConfigureAwait(false);
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Quote(target)}", token).ConfigureAwait(false);
                await ExecuteAsync(admin, $"CREATE DATABASE {Quote(target)} {charset}", token).ConfigureAwait(false);
            }

            var targetConnection = options.Connection.WithDatabase(target);
            if (!plan.FromBinlogOnly && !string.IsNullOrEmpty(plan.BackupPath))
            {
                reporter.Progress(new JobProgress(Activity, $"Loading {Path.GetFileName(plan.BackupPath)}"));
                var load = await BackupLoader.LoadAsync(plan.BackupPath, targetConnection,
                    new BackupLoadOptions { Connections = options.LoadConnections, SkipBinaryLog = options.NoBinlog }, reporter, token).ConfigureAwait(false);
                result.BackupLoaded = plan.BackupPath;
                result.LoadDuration = load.Duration;
            }

            if (plan.Binlogs.Length > 0)
            {
                reporter.Progress(new JobProgress(Activity, "Replaying binlogs"));
                using (var session = await ConnectionFactory.OpenAsync(targetConnection, true, token).ConfigureAwait(false))
                {
                    var stats = await BinlogReplayer.ReplayAsync(session, plan.Binlogs.Select(b => b.Path).ToList(), RangeOf(plan), WriterOptions(plan, options.NoBinlog),
                        plan.FromBinlogOnly, reporter, token).ConfigureAwait(false);
                    result.EventsApplied = stats.Events;
                    result.StatementsApplied = stats.Statements;
                    result.TransactionsApplied = stats.Transactions;
                    result.TransactionsSkippedOtherDatabases = stats.SkippedOtherDatabases;
                    result.TransactionsSkippedScratch = stats.SkippedScratch;
                    result.LastAppliedFile = stats.LastFile;
                    result.LastAppliedPosition = stats.LastPosition;
                    result.LastAppliedTimeUtc = stats.LastTimeUtc;
                    result.LastAppliedTime = stats.LastTimeUtc?.ToLocalTime();
                    result.LastAppliedGtid = stats.LastGtid;
                    result.ReplayDuration = stats.Duration;
                    notes.AddRange(stats.Notes);
                    result.Tables = await ChecksumsAsync(session, target, token).ConfigureAwait(false);
                }
            }

            using (var check = await ConnectionFactory.OpenAsync(targetConnection, true, token).ConfigureAwait(false))
            {
                result.Tables = await ChecksumsAsync(check, target, token).ConfigureAwait(false);
            }

            if (File.Exists(marker)) File.Delete(marker);
            if (!string.IsNullOrEmpty(options.ServiceName))
            {
                reporter.Progress(new JobProgress(Activity, $"Starting the service '{options.ServiceName}'"));
                ServiceControl.Start(options.ServiceName);
                result.ServiceAction = "Stopped, then started";
            }
            if (options.NoBinlog) notes.Add("The restore was not written to the binary log (SET sql_log_bin=0): replicas and later point-in-time restores do not see it.");
            result.Notes = notes.ToArray();
            result.Completed = true;
            result.Duration = watch.Elapsed;
            return result;
        }

        /// <summary>-ScriptOnly: the whole restore as one script for the plain client; changes nothing on the server.</summary>
        public static async Task<RestoreResult> WriteScriptAsync(RestorePlan plan, string path, bool noBinlog, CancellationToken token)
        {
            Refuse(plan);
            var watch = Stopwatch.StartNew();
            var target = plan.TargetDatabase;
            using (var file = AtomicFile.Create(Path.GetFullPath(path), ownerOnly: true))
            {
                var output = new StreamWriter(file.Stream, new UTF8Encoding(false), 1 << 16);
                await output.WriteLineAsync($"-- Rostrvm restore of `{plan.Database}` into `{target}`, written {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC").ConfigureAwait(false);
                await output.WriteLineAsync("-- " + plan.Verdict.Replace("\n", " ")).ConfigureAwait(false);
                await output.WriteLineAsync("-- Run it with: mariadb --binary-mode < this-file   (it drops and re-creates the database)").ConfigureAwait(false);
                if (noBinlog) await output.WriteLineAsync("SET SESSION sql_log_bin = 0;").ConfigureAwait(false);
                await output.WriteLineAsync($"DROP DATABASE IF EXISTS {Quote(target)};").ConfigureAwait(false);
                await output.WriteLineAsync($"CREATE DATABASE {Quote(target)} DEFAULT CHARACTER SET utf8mb4;").ConfigureAwait(false);
                await output.WriteLineAsync($"USE {Quote(target)};").ConfigureAwait(false);
                if (!plan.FromBinlogOnly && !string.IsNullOrEmpty(plan.BackupPath))
                {
                    using (var rbk = new StreamReader(BackupCatalog.OpenText(plan.BackupPath), new UTF8Encoding(false), false, 1 << 16))
                    {
                        var buffer = new char[1 << 16];
                        int read;
                        while ((read = await rbk.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
                            await output.WriteAsync(buffer, 0, read).ConfigureAwait(false);
                    }
                    await output.WriteLineAsync().ConfigureAwait(false);
                    await output.WriteLineAsync($"USE {Quote(target)};").ConfigureAwait(false);
                }
                if (plan.Binlogs.Length > 0)
                {
                    var writerOptions = WriterOptions(plan, noBinlog);
                    // LOAD DATA in statement format reads its file from beside the script.
                    writerOptions.LoadFileDirectory = Path.GetFullPath(path) + ".load";
                    var writer = new BinlogSqlWriter(writerOptions);
                    await writer.WriteAsync(plan.Binlogs.Select(b => b.Path).ToList(), RangeOf(plan), output, token).ConfigureAwait(false);
                }
                await output.FlushAsync().ConfigureAwait(false);
                file.Flush();
                file.Commit();
            }
            return new RestoreResult { Database = plan.Database, TargetDatabase = target, Plan = plan, ScriptPath = Path.GetFullPath(path), BinaryLogDisabled = noBinlog, Duration = watch.Elapsed,
                Notes = new[] { "Nothing was changed on the server: the restore was written as a script." } };
        }

        public static void Refuse(RestorePlan plan)
        {
            if (plan == null) throw new ArgumentNullException(nameof(plan));
            if (!plan.Reachable)
                throw new RostrvmException(plan.ProblemId ?? "RestorePlanUnreachable", FailureKind.InvalidOperation,
                    "The restore was refused and nothing was changed: " + string.Join(" ", plan.Problems), plan.Database);
        }

        /// <summary>The writer's range: the backup's exact coordinates to the plan's stop, minus excluded transactions.</summary>
        internal static BinlogRange RangeOf(RestorePlan plan)
        {
            var first = plan.Binlogs[0];
            var last = plan.Binlogs[plan.Binlogs.Length - 1];
            var excluded = new HashSet<string>(plan.Excluded.Select(t => t.File + ":" + t.Position), StringComparer.Ordinal);
            return new BinlogRange
            {
                StartPosition = first.StartPosition,
                StopPosition = last.StopPosition,
                Databases = new[] { plan.Database },
                ExcludeTransaction = excluded.Count == 0 ? null : new Func<TransactionPosition, bool>(t => excluded.Contains(Path.GetFileName(t.StartFile) + ":" + t.StartPosition)),
            };
        }

        internal static BinlogSqlWriterOptions WriterOptions(RestorePlan plan, bool noBinlog) => new BinlogSqlWriterOptions
        {
            DatabaseRenames = plan.TargetDatabase == plan.Database ? null : new Dictionary<string, string> { [plan.Database] = plan.TargetDatabase },
            // Never replay the original GTIDs: see DescribeGtidHandlingAsync.
            PreserveGtids = false,
            DisableBinaryLogging = noBinlog,
        };

        /// <summary>
        /// DESIGN 5a's GTID traps: replaying the original GTIDs fails on MariaDB with
        /// gtid_strict_mode=ON (sequence numbers out of order) and is silently skipped on MySQL
        /// when gtid_executed already holds them. The engine never replays the original GTIDs:
        /// every transaction is applied as a new one (the server gives it a fresh GTID, or none
        /// with sql_log_bin=0), so nothing is skipped and nothing fails; this says so.
        /// </summary>
        private static async Task<string> DescribeGtidHandlingAsync(MySqlConnection connection, ServerInfo server, bool noBinlog, CancellationToken token)
        {
            if (noBinlog) return "Transactions were applied as new ones without GTIDs (sql_log_bin=0); the original GTIDs were not replayed, so none could be skipped or rejected.";
            if (server.IsMariaDb)
            {
                var v = await ServerInfo.ReadVariablesAsync(connection, token, "gtid_strict_mode", "gtid_binlog_pos").ConfigureAwait(false);
                v.TryGetValue("gtid_strict_mode", out var strict);
                v.TryGetValue("gtid_binlog_pos", out var pos);
                return $"Transactions were applied as new ones: the server gave each a fresh GTID after '{pos}'. The original GTIDs were not replayed" +
                       (string.Equals(strict, "ON", StringComparison.OrdinalIgnoreCase) ? " because gtid_strict_mode=ON rejects out-of-order sequence numbers." : " (gtid_strict_mode=OFF; replaying them out of order would only confuse replicas).");
            }
            return $"Transactions were applied as new ones (GTID_NEXT=AUTOMATIC, gtid_mode={server.GtidMode}): the original GTIDs were not replayed, so gtid_executed cannot make the server skip them.";
        }

        private static async Task<bool> DatabaseExistsAsync(MySqlConnection connection, string database, CancellationToken token)
        {
            using (var command = new MySqlCommand("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @db", connection))
            {
                command.Parameters.AddWithValue("@db", database);
                return Convert.ToInt64(await command.ExecuteScalarAsync(token).ConfigureAwait(false)) > 0;
            }
        }

        private static async Task<string> DefaultCharsetAsync(MySqlConnection connection, string database, CancellationToken token)
        {
            using (var command = new MySqlCommand("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @db", connection))
            {
                command.Parameters.AddWithValue("@db", database);
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(token).ConfigureAwait(false))
                        return $"DEFAULT CHARACTER SET {reader.GetString(0)} COLLATE {reader.GetString(1)}";
                }
            }
            return "DEFAULT CHARACTER SET utf8mb4";
        }

        /// <summary>Every base table's CHECKSUM TABLE and row count.</summary>
        public static async Task<RestoreTableChecksum[]> ChecksumsAsync(MySqlConnection connection, string database, CancellationToken token)
        {
            var tables = new List<string>();
            using (var command = new MySqlCommand("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", connection))
            {
                command.Parameters.AddWithValue("@db", database);
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                    while (await reader.ReadAsync(token).ConfigureAwait(false)) tables.Add(reader.GetString(0));
            }
            var result = new List<RestoreTableChecksum>();
            foreach (var table in tables)
            {
                var entry = new RestoreTableChecksum { Table = table };
                var name = Quote(database) + "." + Quote(table);
                using (var command = new MySqlCommand($"CHECKSUM TABLE {name} EXTENDED", connection) { CommandTimeout = 0 })
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                    if (await reader.ReadAsync(token).ConfigureAwait(false) && !reader.IsDBNull(1)) entry.Checksum = Convert.ToInt64(reader.GetValue(1));
                using (var command = new MySqlCommand($"SELECT COUNT(*) FROM {name}", connection) { CommandTimeout = 0 })
                    entry.Rows = Convert.ToInt64(await command.ExecuteScalarAsync(token).ConfigureAwait(false));
                result.Add(entry);
            }
            return result.ToArray();
        }

        private static string TryReadSafetyPath(string json)
        {
            try { return JsonSerializer.Deserialize<Dictionary<string, string>>(json).TryGetValue("safetyBackup", out var p) ? p : null; }
            catch (JsonException) { return null; }
        }

        private static string Quote(string name) => "`" + name.Replace("`", "``") + "`";

        private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken token)
        {
            using (var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 })
                await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }
    }
}
