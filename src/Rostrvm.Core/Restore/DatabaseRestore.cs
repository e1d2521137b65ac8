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
    /// <summary>
    /// Restore-RostrvmDatabase: carries out a <see cref="RestorePlan"/>. By default the restore is
    /// staged: the backup is verified (SHA-256, the whole stream) while it loads into a staging
    /// database &lt;target&gt;_r&lt;time&gt; on the same server, its row counts are checked
    /// against the backup's, the binlogs are replayed into it, and only then is it swapped in
    /// (<see cref="TableSwap"/>), so the target is as it was or fully restored, never between;
    /// a rerun finishes or clears what a killed one left (<see cref="RestoreLeftovers"/>).
    /// -InPlace rebuilds the target itself (safety backup of the live state first, DROP + CREATE,
    /// load, replay) for when the server has no room for a second copy. Either way a restore is
    /// wholly in the binary log or (-NoBinlog) wholly out of it. Like -TargetDatabase, staging
    /// rewrites the database name of the replayed binlog events; statements that name the
    /// database inside their text are the limit of that rewriting (the documentation says so).
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
            var result = new RestoreResult { Database = plan.Database, TargetDatabase = target, Plan = plan,
                BinaryLogDisabled = options.NoBinlog, ServiceName = options.ServiceName, Staged = !options.InPlace };
            var notes = new List<string>();
            var backup = plan.BackupPath is not { Length: > 0 } || plan.FromBinlogOnly ? null : ReadBackup(plan.BackupPath,
                verify: options.InPlace, token);
            var names = StagingNames.For(target, DateTime.UtcNow);
            PacketLimit packet;
            var serviceName = options.ServiceName ?? "";
            var services = serviceName.Length == 0 ? null : ServiceControl.ForThisMachine();

            using (var admin = await ConnectionFactory.OpenAsync(options.Connection, false, token).ConfigureAwait(false))
            {
                var server = await ServerInfo.ReadAsync(admin, token).ConfigureAwait(false);
                await RefuseMissingPrivilegesAsync(admin, server, options, target, token).ConfigureAwait(false);
                if (!options.InPlace) await RefuseMissingPrivilegesAsync(admin, server, options, names.Stage, token).ConfigureAwait(false);
                packet = await PacketLimit.PrepareAsync(admin, plan, options.RaiseMaxAllowedPacket, token).ConfigureAwait(false);
                result.GtidHandling = await DescribeGtidHandlingAsync(admin, server, options.NoBinlog, token).ConfigureAwait(false);
                services?.EnsureExists(serviceName);
                if (!options.InPlace) await StagingSpace.RefuseShortAsync(admin, options.Connection, plan, backup, target, token)
                    .ConfigureAwait(false);
            }

            var stopped = false;
            try
            {
                if (services != null)
                {
                    reporter.Progress(new JobProgress(Activity, $"Stopping the service '{options.ServiceName}'"));
                    services.Stop(serviceName);
                    stopped = true;
                    result.ServiceAction = "Stopped";
                }
                if (packet.Raised) notes.Add(packet.Note!); // raising it writes its note
                if (options.InPlace) await RunInPlaceAsync(options, result, notes, reporter, token).ConfigureAwait(false);
                else await RunStagedAsync(options, names, backup, result, notes, reporter, token).ConfigureAwait(false);
            }
            catch when (stopped)
            {
                // A failed restore leaves the old data in place (or half a new one the rerun ends): the service runs again either way.
                StartAfterFailure(services!, serviceName, reporter);
                throw;
            }
            finally
            {
                await packet.RestoreAsync(options.Connection).ConfigureAwait(false);
            }

            try
            {
                using (var check = await ConnectionFactory.OpenAsync(options.Connection.WithDatabase(target), true, token)
                    .ConfigureAwait(false))
                    result.Tables = await ChecksumsAsync(check, target, token).ConfigureAwait(false);
            }
            catch when (stopped)
            {
                StartAfterFailure(services!, serviceName, reporter);
                throw;
            }

            if (services != null)
            {
                reporter.Progress(new JobProgress(Activity, $"Starting the service '{options.ServiceName}'"));
                services.Start(serviceName);
                result.ServiceAction = "Stopped, then started";
            }
            if (options.NoBinlog) notes.Add("The restore was not written to the binary log (SET sql_log_bin=0): replicas and later " +
                "point-in-time restores do not see it; re-seed the replicas.");
            result.Notes = notes.ToArray();
            result.Completed = true;
            result.Duration = watch.Elapsed;
            return result;
        }

        private static void StartAfterFailure(IServiceControl services, string name, IJobReporter reporter)
        {
            try { services.Start(name); }
            catch (RostrvmException ex)
            {
                reporter.Warning($"The restore failed and the service '{name}' did not start again: {ex.Message}");
            }
        }

        /// <summary>
        /// Staged: leftovers of a killed run dealt with, the backup loaded into the staging database
        /// while a second reader verifies its SHA-256, row counts checked, binlogs replayed there,
        /// the verification awaited, then the swap. Until the swap the target is untouched; a
        /// failure before it drops the staging database.
        /// </summary>
        private static async Task RunStagedAsync(RestoreOptions options, StagingNames names, BackupInfo? backup, RestoreResult result,
            List<string> notes, IJobReporter reporter, CancellationToken token)
        {
            var plan = options.Plan;
            notes.AddRange(await RestoreLeftovers.ResolveAsync(options.Connection, names.Target, options.NoBinlog, token)
                .ConfigureAwait(false));
            string charset;
            using (var admin = await TableSwap.OpenAsync(options.Connection, null, options.NoBinlog, token).ConfigureAwait(false))
            {
                var exists = await RestoreLeftovers.ExistsAsync(admin, names.Target, token).ConfigureAwait(false);
                charset = await DefaultCharsetAsync(admin, exists ? names.Target : plan.Database, token).ConfigureAwait(false);
                reporter.Progress(new JobProgress(Activity, $"Creating the staging database '{names.Stage}'"));
                await ExecuteAsync(admin, $"CREATE DATABASE {Quote(names.Stage)} {charset}", token).ConfigureAwait(false);
            }
            result.StagingDatabase = names.Stage;
            var swapping = false;
            Task<string?>? verification = null;
            try
            {
                var stage = options.Connection.WithDatabase(names.Stage);
                if (backup != null)
                {
                    verification = Task.Run(() => BackupCatalog.Verify(backup.Path, BackupCatalog.ReadCompletion(backup.Path), token),
                        token);
                    reporter.Progress(new JobProgress(Activity, $"Loading {Path.GetFileName(plan.BackupPath)} into '{names.Stage}'"));
                    try
                    {
                        // The backup was read from plan.BackupPath: it is set.
                        var load = await BackupLoader.LoadAsync(plan.BackupPath ?? backup.Path, stage,
                            new BackupLoadOptions { Connections = options.LoadConnections, SkipBinaryLog = options.NoBinlog }, reporter,
                                token).ConfigureAwait(false);
                        result.BackupLoaded = plan.BackupPath;
                        result.LoadDuration = load.Duration;
                    }
                    catch (Exception) when (verification != null)
                    {
                        // A damaged file usually fails the load first: say that, not the server's complaint.
                        RefuseCorrupt(backup, await verification.ConfigureAwait(false));
                        throw;
                    }
                    await RefuseWrongCountsAsync(stage, names, backup, token).ConfigureAwait(false);
                }
                if (plan.Binlogs.Length > 0) await ReplayAsync(options, stage, names.Stage, result, notes, reporter, token)
                    .ConfigureAwait(false);
                if (verification != null) RefuseCorrupt(backup!, await verification.ConfigureAwait(false)); // verified only with a backup

                reporter.Progress(new JobProgress(Activity, $"Swapping '{names.Stage}' in for '{names.Target}'"));
                swapping = true;
                await TableSwap.RunAsync(options.Connection, names, options.KeepPrevious, options.NoBinlog, charset, token)
                    .ConfigureAwait(false);
                if (options.KeepPrevious) result.PreviousDatabase = names.Aside;
                notes.Add(options.KeepPrevious
                    ? $"The tables '{names.Target}' had before are kept in '{names.Aside}' (-KeepPrevious); drop it when it is no longer " +
                        "needed."
                    : $"The tables '{names.Target}' had before were kept in '{names.Aside}' until the restore was complete, then dropped.");
            }
            catch (Exception ex) when (!swapping || ex is RostrvmException r && r.ErrorId == "RestoreSwapFailed")
            {
                if (verification != null && !verification.IsCompleted) await Task.WhenAny(verification).ConfigureAwait(false);
                try
                {
                    using (var admin = await TableSwap.OpenAsync(options.Connection, null, options.NoBinlog, CancellationToken.None)
                        .ConfigureAwait(false))
                        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Quote(names.Stage)}", CancellationToken.None)
                            .ConfigureAwait(false);
                }
                catch (MySqlException) { /* the server went away: a rerun drops it */ }
                throw;
            }
        }

        /// <summary>-InPlace: safety backup of the live state (once per interrupted restore), DROP + CREATE, load, replay.</summary>
        private static async Task RunInPlaceAsync(RestoreOptions options, RestoreResult result, List<string> notes, IJobReporter reporter,
            CancellationToken token)
        {
            var plan = options.Plan;
            var target = plan.TargetDatabase;
            var live = string.Equals(target, plan.Database, StringComparison.Ordinal);
            var marker = Path.Combine(options.SafetyBackupFolder ?? Path.GetTempPath(), ".restore-in-progress-" + target + ".json");
            using (var admin = await ConnectionFactory.OpenAsync(options.Connection, false, token).ConfigureAwait(false))
            {
                var exists = await RestoreLeftovers.ExistsAsync(admin, target, token).ConfigureAwait(false);
                if (live && exists && !options.SkipSafetyBackup)
                {
                    if (File.Exists(marker))
                    {
                        var previous = File.ReadAllText(marker);
                        notes.Add($"An earlier restore of '{target}' was interrupted; its safety backup is kept ({previous.Trim()}), no " +
                            "new one was taken of the half-restored database.");
                        result.SafetyBackup = TryReadSafetyPath(previous);
                    }
                    else
                    {
                        reporter.Progress(new JobProgress(Activity, $"Safety backup of '{target}' before it is overwritten"));
                        FilePermissions.CreateOwnerOnlyFolder(options.SafetyBackupFolder ?? throw new InvalidOperationException(
                            "An in-place restore needs RestoreOptions.SafetyBackupFolder (RestoreOptions.From sets it)."));
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
                            var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string>
                                { ["safetyBackup"] = safety.Path, ["startedUtc"] = DateTime.UtcNow.ToString("o") }));
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
            if (!plan.FromBinlogOnly && plan.BackupPath is { Length: > 0 })
            {
                reporter.Progress(new JobProgress(Activity, $"Loading {Path.GetFileName(plan.BackupPath)}"));
                var load = await BackupLoader.LoadAsync(plan.BackupPath, targetConnection,
                    new BackupLoadOptions { Connections = options.LoadConnections, SkipBinaryLog = options.NoBinlog }, reporter, token)
                        .ConfigureAwait(false);
                result.BackupLoaded = plan.BackupPath;
                result.LoadDuration = load.Duration;
            }
            if (plan.Binlogs.Length > 0) await ReplayAsync(options, targetConnection, target, result, notes, reporter, token)
                .ConfigureAwait(false);
            if (File.Exists(marker)) File.Delete(marker);
        }

        /// <summary>The binlogs replayed into <paramref name="into"/> in one session, the source database's name rewritten to it.</summary>
        private static async Task ReplayAsync(RestoreOptions options, ConnectionOptions connection, string into, RestoreResult result,
            List<string> notes, IJobReporter reporter, CancellationToken token)
        {
            var plan = options.Plan;
            reporter.Progress(new JobProgress(Activity, "Replaying binlogs"));
            using (var session = await ConnectionFactory.OpenAsync(connection, true, token).ConfigureAwait(false))
            {
                var stats = await BinlogReplayer.ReplayAsync(session, plan.Binlogs.Select(b => b.Path).ToList(), RangeOf(plan),
                    WriterOptions(plan, options.NoBinlog, into),
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
            }
        }

        /// <summary>The backup's header and completion line, and (in place, where nothing can be refused later) its SHA-256 over the whole
        /// stream.</summary>
        private static BackupInfo ReadBackup(string path, bool verify, CancellationToken token)
        {
            if (!File.Exists(path))
                throw new RostrvmException("BackupNotFound",
                    FailureKind.ObjectNotFound, $"The backup file '{path}' does not exist. Nothing was changed.", path);
            var info = BackupCatalog.Read(path, verify, token);
            if (!info.Complete)
                throw new RostrvmException(
                    info.Status == "Foreign" ? "BackupForeign" : info.Status == "Corrupt" ? "BackupCorrupt" : "BackupIncomplete",
                    FailureKind.InvalidData,
                    $"The restore was refused and nothing was changed: '{path}' is {info.Status.ToLowerInvariant()}: {info.Problem}", path);
            return info;
        }

        private static void RefuseCorrupt(BackupInfo backup, string? problem)
        {
            if (problem == null) return;
            throw new RostrvmException("BackupCorrupt", FailureKind.InvalidData,
                $"The restore was refused and nothing was changed: '{backup.Path}' is corrupt: {problem} Restore an older backup, or " +
                    "take a new one.", backup.Path);
        }

        /// <summary>Every table of the staging database holds the rows the backup recorded for it.</summary>
        private static async Task RefuseWrongCountsAsync(ConnectionOptions stage, StagingNames names, BackupInfo backup,
            CancellationToken token)
        {
            var counts = BackupCatalog.ReadTableCounts(backup.Path);
            if (counts == null) return;
            using (var connection = await ConnectionFactory.OpenAsync(stage, true, token).ConfigureAwait(false))
                foreach (var table in counts)
                {
                    long rows;
                    using (var command = new MySqlCommand($"SELECT COUNT(*) FROM {Quote(table.Name)}", connection) { CommandTimeout = 0 })
                        rows = Convert.ToInt64(await command.ExecuteScalarAsync(token).ConfigureAwait(false));
                    if (rows != table.Rows)
                        throw new RostrvmException("RestoreRowCountMismatch", FailureKind.InvalidData,
                            $"Table '{table.Name}' holds {rows} rows after loading '{backup.Path}' into '{names.Stage}', but the backup " +
                                $"records {table.Rows}. The restore was refused; '{names.Target}' is unchanged. Test the backup " +
                                "(Test-RostrvmBackup) or restore another.", table.Name);
                }
        }

        private static async Task RefuseMissingPrivilegesAsync(MySqlConnection admin, ServerInfo server, RestoreOptions options,
            string database, CancellationToken token)
        {
            var held = await PrivilegeCheck.HeldAsync(admin, database, token).ConfigureAwait(false);
            var missing = PrivilegeCheck.Missing(PrivilegeCheck.Required("Restore", server.IsMariaDb), held);
            if (missing.Count > 0)
                throw new RostrvmException("MissingPrivilege", FailureKind.PermissionDenied,
                    $"User '{options.Connection.UserName}' lacks the privilege(s) {string.Join(", ", missing)} needed on '{database}' to " +
                        $"restore '{options.Plan.TargetDatabase}'" +
                    (database == options.Plan.TargetDatabase ? ""
                        : $" (a staged restore builds '{database}' beside it and swaps it in: grant on " +
                        $"'{StagingNames.PrefixOf(options.Plan.TargetDatabase)}\\_%', or use -InPlace)") +
                    " (BINLOG statements need BINLOG REPLAY or SUPER, -NoBinlog needs BINLOG ADMIN or SUPER). Grant them, or use another " +
                        "account. Nothing was changed.",
                    string.Join(", ", missing));
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
                await output.WriteLineAsync($"-- Rostrvm restore of `{plan.Database}` into `{target}`, " +
                    $"written {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC").ConfigureAwait(false);
                await output.WriteLineAsync("-- " + plan.Verdict.Replace("\n", " ")).ConfigureAwait(false);
                await output.WriteLineAsync("-- Run it with: mariadb --binary-mode < this-file   (it drops and re-creates the database)")
                    .ConfigureAwait(false);
                if (noBinlog) await output.WriteLineAsync("SET SESSION sql_log_bin = 0;").ConfigureAwait(false);
                await output.WriteLineAsync($"DROP DATABASE IF EXISTS {Quote(target)};").ConfigureAwait(false);
                await output.WriteLineAsync($"CREATE DATABASE {Quote(target)} DEFAULT CHARACTER SET utf8mb4;").ConfigureAwait(false);
                await output.WriteLineAsync($"USE {Quote(target)};").ConfigureAwait(false);
                if (!plan.FromBinlogOnly && plan.BackupPath is { Length: > 0 })
                {
                    // Copied as bytes: binary values are _binary literals of any bytes (format 2), which no text decoding keeps.
                    await output.FlushAsync().ConfigureAwait(false);
                    using (var rbk = BackupCatalog.OpenText(plan.BackupPath))
                        await rbk.CopyToAsync(file.Stream, 1 << 16, token).ConfigureAwait(false);
                    await output.WriteLineAsync().ConfigureAwait(false);
                    await output.WriteLineAsync($"USE {Quote(target)};").ConfigureAwait(false);
                }
                if (plan.Binlogs.Length > 0)
                {
                    var writerOptions = WriterOptions(plan, noBinlog, target);
                    // LOAD DATA in statement format reads its file from beside the script.
                    writerOptions.LoadFileDirectory = Path.GetFullPath(path) + ".load";
                    var writer = new BinlogSqlWriter(writerOptions);
                    await writer.WriteAsync(plan.Binlogs.Select(b => b.Path).ToList(), RangeOf(plan), output, token).ConfigureAwait(false);
                }
                await output.FlushAsync().ConfigureAwait(false);
                file.Flush();
                file.Commit();
            }
            return new RestoreResult { Database = plan.Database, TargetDatabase = target, Plan = plan, ScriptPath = Path.GetFullPath(path),
                BinaryLogDisabled = noBinlog, Duration = watch.Elapsed,
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
                ExcludeTransaction = excluded.Count == 0 ? null : new Func<TransactionPosition, bool>(t =>
                    excluded.Contains(Path.GetFileName(t.StartFile) + ":" + t.StartPosition)),
            };
        }

        internal static BinlogSqlWriterOptions WriterOptions(RestorePlan plan, bool noBinlog, string into) => new BinlogSqlWriterOptions
        {
            DatabaseRenames = into == plan.Database ? null : new Dictionary<string, string> { [plan.Database] = into },
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
        private static async Task<string> DescribeGtidHandlingAsync(MySqlConnection connection, ServerInfo server, bool noBinlog,
            CancellationToken token)
        {
            if (noBinlog) return "Transactions were applied as new ones without GTIDs (sql_log_bin=0); the original GTIDs were not " +
                "replayed, so none could be skipped or rejected.";
            if (server.IsMariaDb)
            {
                var v = await ServerInfo.ReadVariablesAsync(connection, token, "gtid_strict_mode", "gtid_binlog_pos").ConfigureAwait(false);
                v.TryGetValue("gtid_strict_mode", out var strict);
                v.TryGetValue("gtid_binlog_pos", out var pos);
                return $"Transactions were applied as new ones: the server gave each a fresh GTID after '{pos}'. The original GTIDs were " +
                    "not replayed" +
                       (string.Equals(strict, "ON", StringComparison.OrdinalIgnoreCase)
                           ? " because gtid_strict_mode=ON rejects out-of-order sequence numbers."
                           : " (gtid_strict_mode=OFF; replaying them out of order would only confuse replicas).");
            }
            return $"Transactions were applied as new ones (GTID_NEXT=AUTOMATIC, gtid_mode={server.GtidMode}): the original GTIDs were " +
                "not replayed, so gtid_executed cannot make the server skip them.";
        }

        private static async Task<string> DefaultCharsetAsync(MySqlConnection connection, string database, CancellationToken token)
        {
            using (var command = new MySqlCommand("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM " +
                "information_schema.SCHEMATA WHERE SCHEMA_NAME = @db", connection))
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
        public static async Task<RestoreTableChecksum[]> ChecksumsAsync(MySqlConnection connection, string database,
            CancellationToken token)
        {
            var tables = new List<string>();
            using (var command = new MySqlCommand("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db AND " +
                "TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", connection))
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
                    if (await reader.ReadAsync(token).ConfigureAwait(false)
                        && !reader.IsDBNull(1)) entry.Checksum = Convert.ToInt64(reader.GetValue(1));
                using (var command = new MySqlCommand($"SELECT COUNT(*) FROM {name}", connection) { CommandTimeout = 0 })
                    entry.Rows = Convert.ToInt64(await command.ExecuteScalarAsync(token).ConfigureAwait(false));
                result.Add(entry);
            }
            return result.ToArray();
        }

        private static string? TryReadSafetyPath(string json)
        {
            try
            {
                var values = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
                return values != null && values.TryGetValue("safetyBackup", out var p) ? p : null;
            }
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
