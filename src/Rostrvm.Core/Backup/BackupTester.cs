using System;
using System.Collections.Generic;
using System.Diagnostics;
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
    /// Test-RostrvmBackup: loads a backup into a scratch database, reads every table back the
    /// way the dump read it (in the backup's format) and compares row counts and row digests
    /// with those recorded (completion line; header in format 1), runs CHECK
    /// TABLE, checks that views, routines, triggers and events exist, then drops the scratch
    /// database (the dbatools Test-DbaLastBackup idea). Every session that creates, loads or
    /// drops the scratch database runs with sql_log_bin = 0 when the account may set it, so a
    /// test leaves nothing in the binary log (DESIGN 5a); logging is kept only on request.
    /// </summary>
    public static class BackupTester
    {
        public static async Task<BackupTestResult> TestAsync(string path, ConnectionOptions server, string? scratchDatabase,
            bool keepScratch, bool logToBinlog, IJobReporter? reporter, CancellationToken token)
        {
            reporter = reporter ?? SilentReporter.Instance;
            var watch = Stopwatch.StartNew();
            var info = BackupCatalog.Read(path, verify: true, token: token);
            if (!info.Complete)
                throw new RostrvmException(info.Status == "Foreign" ? "BackupForeign" : info.Status == "Corrupt" ? "BackupCorrupt"
                    : "BackupIncomplete", FailureKind.InvalidData,
                    $"'{path}' cannot be tested: {info.Problem}", path);
            var header = BackupCatalog.ReadHeader(path);
            var counts = BackupCatalog.ReadTableCounts(path);
            // Read complete a moment ago: only a file replaced since has lost its header or completion line.
            if (header == null || counts == null)
                throw new RostrvmException("BackupIncomplete", FailureKind.InvalidData,
                    $"'{path}' cannot be tested: it changed while it was read (its header or completion line is gone).", path);
            var scratch = scratchDatabase is { Length: > 0 } ? scratchDatabase : ScratchDatabase.NewName();
            var result = new BackupTestResult { Path = info.Path, Database = info.Database, ScratchDatabase = scratch,
                SnapshotTimeUtc = info.SnapshotTimeUtc };
            var problems = new List<string>();
            var admin = server.WithDatabase(null);
            using (var connection = await ConnectionFactory.OpenAsync(admin, false, token).ConfigureAwait(false))
            {
                if (await ScalarAsync(connection, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @p", token, scratch)
                    .ConfigureAwait(false) > 0)
                    throw new RostrvmException("ScratchDatabaseExists", FailureKind.ResourceBusy,
                        $"The scratch database '{scratch}' already exists. Drop it, or name another with -ScratchDatabase; " +
                            "Test-RostrvmBackup never overwrites a database.", scratch);
                var skipBinlog = await DecideBinlogAsync(connection, scratch, logToBinlog, result, token).ConfigureAwait(false);
                await ServerCommand.ExecuteAsync(connection, $"CREATE DATABASE {SqlText.QuoteIdentifier(scratch)} DEFAULT CHARACTER SET " +
                    "utf8mb4", token).ConfigureAwait(false);
                try
                {
                    reporter.Progress(new JobProgress("Testing backup", $"Loading into {scratch}"));
                    var load = await BackupLoader.LoadAsync(path, server.WithDatabase(scratch),
                        new BackupLoadOptions { SkipBinaryLog = skipBinlog }, reporter, token).ConfigureAwait(false);
                    result.LoadDuration = load.Duration;

                    var verify = Stopwatch.StartNew();
                    reporter.Progress(new JobProgress("Testing backup", "Comparing tables"));
                    using (var scratchConnection = await ConnectionFactory.OpenAsync(server.WithDatabase(scratch), true, token)
                        .ConfigureAwait(false))
                    {
                        await ServerCommand.ExecuteAsync(scratchConnection, "SET SESSION time_zone = '+00:00', SESSION " +
                            "character_set_results = utf8mb4", token).ConfigureAwait(false);
                        result.Tables = (await CompareTablesAsync(scratchConnection, scratch, header.FormatVersion, counts, token)
                            .ConfigureAwait(false))
                            .ToArray();
                        problems.AddRange(result.Tables.Where(t => !t.Passed).Select(t => $"Table '{t.Table}': {t.Problem}"));
                        problems.AddRange(await CompareObjectsAsync(scratchConnection, scratch, header, token).ConfigureAwait(false));
                    }
                    result.VerifyDuration = verify.Elapsed;
                }
                finally
                {
                    if (!keepScratch)
                    {
                        await ServerCommand.ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {SqlText.QuoteIdentifier(scratch)}",
                            CancellationToken.None).ConfigureAwait(false);
                        result.ScratchDropped = true;
                    }
                }
            }
            result.TablesPassed = result.Tables.Count(t => t.Passed);
            result.TablesFailed = result.Tables.Length - result.TablesPassed;
            result.FailedTables = result.Tables.Where(t => !t.Passed).Select(t => t.Table).ToArray();
            result.Rows = result.Tables.Sum(t => t.ActualRows);
            result.Problems = problems.ToArray();
            result.Passed = problems.Count == 0;
            result.Duration = watch.Elapsed;
            return result;
        }

        /// <summary>
        /// Keeps this session out of the binary log when the account holds the privilege (decided
        /// from its grants, not by trying), and records in the result whether the test is logged.
        /// </summary>
        private static async Task<bool> DecideBinlogAsync(MySqlConnection connection, string scratch, bool logToBinlog,
            BackupTestResult result, CancellationToken token)
        {
            var info = await ServerInfo.ReadAsync(connection, token).ConfigureAwait(false);
            if (logToBinlog || !info.BinaryLogging)
            {
                result.WrittenToBinlog = info.BinaryLogging;
                return false;
            }
            var held = await PrivilegeCheck.HeldAsync(connection, scratch, token).ConfigureAwait(false);
            var missing = PrivilegeCheck.Missing(new[] { PrivilegeCheck.SkipBinlog(info.IsMariaDb) }, held);
            if (missing.Count > 0)
            {
                result.WrittenToBinlog = true;
                result.MissingPrivilege = missing[0];
                return false;
            }
            await ServerCommand.ExecuteAsync(connection, "SET SESSION sql_log_bin = 0", token).ConfigureAwait(false);
            return true;
        }

        private static async Task<List<BackupTableTestResult>> CompareTablesAsync(MySqlConnection connection, string scratch,
            int formatVersion, List<BackupTableEntry> counts, CancellationToken token)
        {
            var loaded = (await DumpTable.ReadAllAsync(connection, scratch, token).ConfigureAwait(false)).ToDictionary(t => t.Name,
                StringComparer.Ordinal);
            var reader = new RowTupleReader();
            var results = new List<BackupTableTestResult>();
            foreach (var expected in counts)
            {
                token.ThrowIfCancellationRequested();
                var item = new BackupTableTestResult { Table = expected.Name, ExpectedRows = expected.Rows,
                    ExpectedDigest = expected.Digest };
                results.Add(item);
                if (!loaded.TryGetValue(expected.Name, out var table))
                {
                    item.Problem = "missing after the load";
                    continue;
                }
                ulong sum = 0;
                item.ActualRows = await reader.ReadAsync(connection, table, null, (tuple, length) =>
                    sum = unchecked(sum + TableDigest.HashRow(tuple, 0, length)), token, formatVersion).ConfigureAwait(false);
                item.ActualDigest = TableDigest.Format(sum);
                item.CheckTable = await CheckTableAsync(connection, table.Name, token).ConfigureAwait(false);
                if (item.ActualRows != item.ExpectedRows)
                    item.Problem = $"{item.ActualRows} rows loaded, {item.ExpectedRows} recorded at dump time";
                else if (!string.Equals(item.ActualDigest, item.ExpectedDigest, StringComparison.OrdinalIgnoreCase))
                    item.Problem = $"row digest {item.ActualDigest} differs from {item.ExpectedDigest} recorded at dump time (same row " +
                        "count, different values)";
                else if (!string.Equals(item.CheckTable, "OK", StringComparison.OrdinalIgnoreCase))
                    item.Problem = "CHECK TABLE reports: " + item.CheckTable;
                item.Passed = item.Problem == null;
            }
            return results;
        }

        private static async Task<string> CheckTableAsync(MySqlConnection connection, string table, CancellationToken token)
        {
            var messages = new List<string>();
            using (var command = new MySqlCommand("CHECK TABLE " + SqlText.QuoteIdentifier(table), connection) { CommandTimeout = 0 })
            using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    var type = reader.GetString(2);
                    var text = reader.GetString(3);
                    if (type.Equals("status", StringComparison.OrdinalIgnoreCase) && text.Equals("OK",
                        StringComparison.OrdinalIgnoreCase)) continue;
                    if (type.Equals("note", StringComparison.OrdinalIgnoreCase)) continue;
                    messages.Add(type + ": " + text);
                }
            return messages.Count == 0 ? "OK" : string.Join("; ", messages);
        }

        private static async Task<List<string>> CompareObjectsAsync(MySqlConnection connection, string scratch, BackupHeader header,
            CancellationToken token)
        {
            var problems = new List<string>();
            async Task Check(string kind, IEnumerable<string> expected, string sql)
            {
                var present = new HashSet<string>(StringComparer.Ordinal);
                using (var command = new MySqlCommand(sql, connection))
                {
                    command.Parameters.AddWithValue("@db", scratch);
                    using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                        while (await reader.ReadAsync(token).ConfigureAwait(false)) present.Add(reader.GetString(0));
                }
                foreach (var name in expected.Where(n => !present.Contains(n)))
                    problems.Add($"{kind} '{name}' is missing after the load.");
            }
            await Check("View", header.Views, "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = @db")
                .ConfigureAwait(false);
            await Check("Routine",
                header.Routines, "SELECT CONCAT(LOWER(ROUTINE_TYPE), ' ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE " +
                "ROUTINE_SCHEMA = @db").ConfigureAwait(false);
            await Check("Trigger", header.Triggers, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = @db")
                .ConfigureAwait(false);
            await Check("Event", header.Events, "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = @db")
                .ConfigureAwait(false);
            // A view that no longer resolves (missing table or column) fails when read.
            foreach (var view in header.Views)
            {
                try { await ServerCommand.ExecuteAsync(connection, $"SELECT 1 FROM {SqlText.QuoteIdentifier(view)} LIMIT 0", token)
                    .ConfigureAwait(false); }
                catch (MySqlException ex) { problems.Add($"View '{view}' cannot be read after the load: {ex.Message}"); }
            }
            return problems;
        }

        private static async Task<long> ScalarAsync(MySqlConnection connection, string sql, CancellationToken token, string parameter)
        {
            using (var command = new MySqlCommand(sql, connection))
            {
                command.Parameters.AddWithValue("@p", parameter);
                return Convert.ToInt64(await command.ExecuteScalarAsync(token).ConfigureAwait(false));
            }
        }

    }
}
