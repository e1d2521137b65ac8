using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Rostrvm.Core.Restore;

namespace Rostrvm.Core.Flashback
{
    /// <summary>
    /// Undo-RostrvmTransaction's engine: finds the transactions through <see cref="BinlogEventQuery"/>
    /// (and the later ones that touched the same rows), builds the inverses, checks them against the
    /// server, and applies them in one logged transaction or writes them as a script.
    /// </summary>
    public static class TransactionUndo
    {
        private const int BatchBytes = 1 << 20;

        public static async Task<UndoPlan> PlanAsync(UndoRequest request, CancellationToken token)
        {
            if (request.Transactions.Count == 0)
                throw new RostrvmException("UndoTransactionMissing",
                    FailureKind.InvalidArgument, "No transaction to undo was given: pipe one from Get-RostrvmBinlogEvent -Transaction or " +
                    "pass -Transaction <gtid|file:position>.");
            using (var connection = await ConnectionFactory.OpenAsync(request.RequireConnection(), withDatabase: false, token)
                .ConfigureAwait(false))
            {
                await RequireFullRowImageAsync(connection, token).ConfigureAwait(false);
                var plan = new UndoPlan { Request = request };
                var tables = new Dictionary<string, FlashbackTable?>();
                FlashbackTable? TableOf(string db, string name)
                {
                    var key = db + "." + name;
                    if (!tables.TryGetValue(key, out var t)) tables[key] = t = FlashbackTable.ReadAsync(connection, db, name, token)
                        .GetAwaiter().GetResult();
                    return t;
                }
                var wanted = request.Transactions.Select(t => t.Trim()).ToList();
                var found = new List<(string Asked, BinlogTransactionInfo Transaction, List<RowInverse> Rows)>();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var query = new BinlogEventQuery(new BinlogRange { IncludeScratch = true })
                    { ColumnInfo = new InformationSchemaColumns(connection) };
                await Task.Run(() =>
                {
                    foreach (var t in query.Transactions(request.Files, token))
                    {
                        var asked = wanted.FirstOrDefault(w => Matches(t, w));
                        if (asked != null)
                        {
                            var rows = InverseBuilder.Build(t, TableOf);
                            found.Add((asked, t, rows));
                            plan.Later.Watch(rows);
                        }
                        else if (found.Count > 0) plan.Later.Observe(t);
                    }
                }, token).ConfigureAwait(false);
                plan.Steps.Add($"read {request.Files.Count} binlog file(s) and built the inverses in {watch.Elapsed.TotalSeconds:F1} s");
                var missing = wanted.Where(w => found.All(f => f.Asked != w)).ToList();
                if (missing.Count > 0)
                    throw new RostrvmException("UndoTransactionNotFound", FailureKind.ObjectNotFound,
                        $"The transaction {string.Join(", ", missing)} is not in the binlogs read ({request.Files.Count} file(s)); give " +
                            "the files that hold it with -Path, or check the GTID or file:position (Get-RostrvmBinlogEvent -Transaction).",
                            string.Join(", ", missing));
                // The last transaction's changes are undone first.
                for (var i = found.Count - 1; i >= 0; i--) plan.Rows.AddRange(found[i].Rows);
                plan.Transactions = found.Select(f => InverseBuilder.IdOf(f.Transaction)).ToArray();
                var touched = plan.Rows.Select(r => r.Table).Distinct().ToList();
                await RefuseCascadesAsync(connection, touched, token).ConfigureAwait(false);
                plan.Warnings.AddRange(await TriggerWarningsAsync(connection, touched, token).ConfigureAwait(false));
                await SessionAsync(connection, token).ConfigureAwait(false);
                if (request.CheckWhilePlanning)
                {
                    watch.Restart();
                    plan.Conflicting = await ConflictChecker.FindAsync(connection, plan.Rows, forUpdate: false, token)
                        .ConfigureAwait(false);
                    plan.Steps.Add($"checked {plan.Rows.Count} row change(s) against the server in {watch.Elapsed.TotalSeconds:F1} s");
                }
                return plan;
            }
        }

        /// <summary>Checks again under lock and applies the plan in one transaction, logged like any other.</summary>
        public static async Task<UndoResult> ApplyAsync(UndoPlan plan, CancellationToken token)
        {
            using (var connection = await ConnectionFactory.OpenAsync(plan.Request.RequireConnection(), withDatabase: false, token)
                .ConfigureAwait(false))
            {
                await SessionAsync(connection, token).ConfigureAwait(false);
                await ExecuteAsync(connection, "START TRANSACTION", token).ConfigureAwait(false);
                var committed = false;
                try
                {
                    var conflicting = await ConflictChecker.FindAsync(connection, plan.Rows, forUpdate: true, token).ConfigureAwait(false);
                    var result = plan.Result(conflicting);
                    if (conflicting.Count > 0 && !plan.Request.SkipConflicts) return result;
                    var rows = plan.Rows.Where(r => !conflicting.Contains(r)).ToList();
                    foreach (var (sql, count) in Batches(rows))
                    {
                        using (var command = new MySqlCommand(sql, connection))
                        {
                            var affected = await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                            if (affected != count)
                                throw new RostrvmException("UndoRowsChanged", FailureKind.InvalidOperation,
                                    $"The undo changed {affected} row(s) where {count} were expected; it was rolled back and nothing " +
                                        "changed. Run it again.", string.Join(", ", plan.Transactions));
                        }
                    }
                    await ExecuteAsync(connection, "COMMIT", token).ConfigureAwait(false);
                    committed = true;
                    result.Applied = true;
                    result.UndoGtid = await LastGtidAsync(connection, token).ConfigureAwait(false);
                    return result;
                }
                finally
                {
                    if (!committed)
                        try { await ExecuteAsync(connection, "ROLLBACK", CancellationToken.None).ConfigureAwait(false); }
                        catch (MySqlException) { /* the connection's end rolls back too */ }
                }
            }
        }

        /// <summary>Writes the undo as a script for the plain client (mariadb &lt; file); changes nothing on the server.</summary>
        public static UndoResult WriteScript(UndoPlan plan, string path)
        {
            var result = plan.Result(plan.Conflicting);
            if (plan.Conflicting.Count > 0 && !plan.Request.SkipConflicts) return result;
            using (var file = AtomicFile.Create(path))
            {
                var writer = new StreamWriter(file.Stream, new UTF8Encoding(false));
                writer.WriteLine($"-- Undo of {string.Join(", ", plan.Transactions)} written by Rostrvm Undo-RostrvmTransaction; run " +
                    "with: mariadb < this-file");
                writer.WriteLine("SET NAMES utf8mb4;");
                writer.WriteLine("SET time_zone='+00:00';");
                writer.WriteLine("START TRANSACTION;");
                foreach (var row in plan.Rows.Where(r =>
                    !plan.Conflicting.Contains(r))) writer.WriteLine(UndoStatements.Reverse(row) + ";");
                writer.WriteLine("COMMIT;");
                writer.Flush();
                file.Flush();
                file.Commit();
            }
            result.ScriptPath = path;
            return result;
        }

        /// <summary>Statements of about a megabyte each; consecutive rows to put back into one table share an INSERT.</summary>
        internal static IEnumerable<(string Sql, int Rows)> Batches(List<RowInverse> rows)
        {
            var sb = new StringBuilder();
            var count = 0;
            var i = 0;
            while (i < rows.Count)
            {
                string sql;
                var n = 1;
                if (rows[i].Kind == InverseKind.Insert)
                {
                    var group = new List<RowInverse> { rows[i] };
                    var size = 0;
                    while (i + n < rows.Count && rows[i + n].Kind == InverseKind.Insert && rows[i + n].Table == rows[i].Table
                        && size < BatchBytes)
                    {
                        group.Add(rows[i + n]);
                        size += RoughSize(rows[i + n]);
                        n++;
                    }
                    sql = UndoStatements.InsertMany(group);
                }
                else sql = UndoStatements.Reverse(rows[i]);
                if (sb.Length > 0 && sb.Length + sql.Length > BatchBytes)
                {
                    yield return (sb.ToString(), count);
                    sb.Clear();
                    count = 0;
                }
                if (sb.Length > 0) sb.Append(";\n");
                sb.Append(sql);
                count += n;
                i += n;
            }
            if (sb.Length > 0) yield return (sb.ToString(), count);
        }

        private static int RoughSize(RowInverse row)
        {
            var size = 0;
            foreach (var value in row.RestoreImage.Values) // inserts only
                size += value is byte[] b ? 2 * b.Length + 3 : value is string s ? 3 * s.Length + 3 : 24;
            return size;
        }

        private static bool Matches(BinlogTransactionInfo t, string wanted)
        {
            if (RestorePlanner.TryParsePosition(wanted, out var file, out var position))
                return string.Equals(Path.GetFileName(t.File), file, StringComparison.Ordinal) && t.Position == position
                       || t.Events.Any(e => e.Position == position && string.Equals(Path.GetFileName(e.File), file,
                           StringComparison.Ordinal));
            return string.Equals(t.Gtid, wanted, StringComparison.OrdinalIgnoreCase);
        }

        private static async Task RequireFullRowImageAsync(MySqlConnection connection, CancellationToken token)
        {
            using (var command = new MySqlCommand("SELECT @@GLOBAL.binlog_row_image", connection))
            {
                var image = Convert.ToString(await command.ExecuteScalarAsync(token).ConfigureAwait(false));
                if (!string.Equals(image, "FULL", StringComparison.OrdinalIgnoreCase))
                    throw new RostrvmException("BinlogRowImageNotFull", FailureKind.InvalidOperation,
                        $"The server logs binlog_row_image={image}: row events hold only part of each row, so a transaction cannot be " +
                            "undone from them. Set binlog_row_image=FULL (my.cnf and SET GLOBAL) for future transactions; undo this one " +
                            "with Restore-RostrvmDatabase -ExcludeTransaction.", connection.DataSource);
            }
        }

        /// <summary>Cascaded changes are not in the binlog: undoing a parent's change would leave its children half restored.</summary>
        private static async Task RefuseCascadesAsync(MySqlConnection connection, List<FlashbackTable> tables, CancellationToken token)
        {
            foreach (var t in tables)
                using (var command = new MySqlCommand(
                    "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE " +
                        "UNIQUE_CONSTRAINT_SCHEMA=@db AND REFERENCED_TABLE_NAME=@t AND (DELETE_RULE NOT IN ('RESTRICT','NO ACTION') OR " +
                        "UPDATE_RULE NOT IN ('RESTRICT','NO ACTION')) LIMIT 1", connection))
                {
                    command.Parameters.AddWithValue("@db", t.Database);
                    command.Parameters.AddWithValue("@t", t.Name);
                    using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                        if (await reader.ReadAsync(token).ConfigureAwait(false))
                            throw new RostrvmException("UndoCascadingForeignKey", FailureKind.InvalidOperation,
                                $"{t.DisplayName} is referenced by {reader.GetString(0)}.{reader.GetString(1)} ({reader.GetString(2)}) " +
                                    "with ON DELETE/UPDATE CASCADE or SET NULL; what the cascade changed is not in the binlog, so the " +
                                    "undo could not put it back. Restore with Restore-RostrvmDatabase -ExcludeTransaction.", t.DisplayName);
                }
        }

        private static async Task<List<string>> TriggerWarningsAsync(MySqlConnection connection, List<FlashbackTable> tables,
            CancellationToken token)
        {
            var warnings = new List<string>();
            foreach (var t in tables)
                using (var command = new MySqlCommand("SELECT GROUP_CONCAT(TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE " +
                    "EVENT_OBJECT_SCHEMA=@db AND EVENT_OBJECT_TABLE=@t", connection))
                {
                    command.Parameters.AddWithValue("@db", t.Database);
                    command.Parameters.AddWithValue("@t", t.Name);
                    var names = await command.ExecuteScalarAsync(token).ConfigureAwait(false) as string;
                    if (!string.IsNullOrEmpty(names))
                        warnings.Add($"{t.DisplayName} has triggers ({names}); they fire for the undo's statements as for any other.");
                }
            return warnings;
        }

        // TIMESTAMP values from the binlog are UTC.
        private static Task SessionAsync(MySqlConnection connection, CancellationToken token) =>
            ExecuteAsync(connection, "SET time_zone='+00:00'", token);

        private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken token)
        {
            using (var command = new MySqlCommand(sql, connection)) await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }

        /// <summary>MariaDB's @@last_gtid; null on servers without it (MySQL).</summary>
        private static async Task<string?> LastGtidAsync(MySqlConnection connection, CancellationToken token)
        {
            try
            {
                using (var command = new MySqlCommand("SELECT @@last_gtid", connection))
                {
                    var gtid = Convert.ToString(await command.ExecuteScalarAsync(token).ConfigureAwait(false));
                    return string.IsNullOrEmpty(gtid) ? null : gtid;
                }
            }
            catch (MySqlException) { return null; }
        }
    }
}
