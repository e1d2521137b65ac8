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
        private const int BatchBytes = 1 << 19; // each batch's statement, builders and packet are held while it is sent
        private const long HeapGrowthBeforeCollect = 8L << 20;

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
                var found = new List<(string Asked, string Id, List<RowInverse> Rows)>();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var columns = new InformationSchemaColumns(connection);
                await Task.Run(() => Read(request.Files, wanted, columns, TableOf, plan.Later, found, token), token).ConfigureAwait(false);
                plan.Later.ForgetUnchanged();
                plan.Steps.Add($"read {request.Files.Count} binlog file(s) and built the inverses in {watch.Elapsed.TotalSeconds:F1} s");
                var missing = wanted.Where(w => found.All(f => f.Asked != w)).ToList();
                if (missing.Count > 0)
                    throw new RostrvmException("UndoTransactionNotFound", FailureKind.ObjectNotFound,
                        $"The transaction {string.Join(", ", missing)} is not in the binlogs read ({request.Files.Count} file(s)); give " +
                            "the files that hold it with -Path, or check the GTID or file:position (Get-RostrvmBinlogEvent -Transaction).",
                            string.Join(", ", missing));
                // The last transaction's changes are undone first.
                if (found.Count == 1) plan.Rows = found[0].Rows;
                else
                {
                    plan.Rows.Capacity = found.Sum(f => f.Rows.Count);
                    for (var i = found.Count - 1; i >= 0; i--) plan.Rows.AddRange(found[i].Rows);
                }
                plan.Transactions = found.Select(f => f.Id).ToArray();
                found.Clear();
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

        /// <summary>
        /// One pass over the binlogs: the transactions asked for become inverses, and the rows of those
        /// after the first are noted in <paramref name="later"/>. Events are read as the scan yields
        /// them; only a transaction that may be one asked for is held (its events, rows as bytes) until
        /// its end, since a file:position may name any of its events.
        /// </summary>
        private static void Read(IList<string> files, List<string> wanted, IColumnInfoSource columns,
            Func<string, string, FlashbackTable?> tableOf, LaterChanges later,
            List<(string Asked, string Id, List<RowInverse> Rows)> found, CancellationToken token)
        {
            var scan = new BinlogScan(files, new BinlogRange { IncludeScratch = true }) { ColumnInfo = columns };
            BinlogScanTransaction? open = null;
            List<BinlogScanEvent>? held = null;
            string? id = null;
            string? asked = null;
            void Finish(bool complete)
            {
                if (asked != null)
                {
                    var rows = InverseBuilder.Build(id!, complete, held!, tableOf);
                    found.Add((asked, id!, rows));
                    later.Watch(rows);
                }
                else if (held != null && found.Count > 0) foreach (var h in held) later.Observe(h, id!);
                open = null;
                held = null;
                asked = null;
            }
            foreach (var item in scan.Events(token))
            {
                if (item.Transaction == null) continue; // bookkeeping events belong to no transaction
                if (open != null && item.Transaction != open) Finish(complete: false);
                if (open == null)
                {
                    open = item.Transaction;
                    id = InverseBuilder.IdOf(open);
                    asked = wanted.FirstOrDefault(w => StartsAs(open, w));
                    held = asked != null || wanted.Any(w => MayHold(open, w)) ? new List<BinlogScanEvent>() : null;
                }
                if (asked == null && held != null) asked = wanted.FirstOrDefault(w => IsAt(item.Event, w));
                if (held != null) held.Add(item);
                else if (found.Count > 0) later.Observe(item, id!);
                if (item.Position.IsEnd) Finish(complete: true);
            }
            if (open != null) Finish(complete: false);
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
                    var rows = conflicting.Count == 0 ? plan.Rows : plan.Rows.Where(r => !conflicting.Contains(r)).ToList();
                    // The check's garbage goes first; then each batch leaves a statement of half a megabyte or more behind,
                    // which only a full collection frees.
                    var heap = new Runtime.HeapGrowthLimit(HeapGrowthBeforeCollect);
                    heap.Collect();
                    foreach (var (sql, count) in Batches(rows))
                    {
                        heap.Check();
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

        /// <summary>Statements of about half a megabyte each; consecutive rows to put back into one table share an INSERT.
        /// Each row is decoded once, as its statement is written; the statements are made as they are sent, in two builders
        /// used again batch after batch, so a batch leaves one string behind.</summary>
        internal static IEnumerable<(string Sql, int Rows)> Batches(List<RowInverse> rows)
        {
            var sb = new StringBuilder();
            var statement = new StringBuilder();
            var buffer = new char[8192];
            var count = 0;
            var i = 0;
            while (i < rows.Count)
            {
                var n = 1;
                statement.Clear();
                if (rows[i].Kind == InverseKind.Insert)
                {
                    UndoStatements.InsertStart(statement, rows[i].Table);
                    UndoStatements.AppendValues(statement, rows[i]);
                    var size = 0;
                    while (i + n < rows.Count && rows[i + n].Kind == InverseKind.Insert && rows[i + n].Table == rows[i].Table
                        && size < BatchBytes)
                    {
                        statement.Append(", ");
                        size += UndoStatements.AppendValues(statement, rows[i + n]);
                        n++;
                    }
                }
                else statement.Append(UndoStatements.Reverse(rows[i]));
                if (sb.Length > 0 && sb.Length + statement.Length > BatchBytes)
                {
                    yield return (sb.ToString(), count);
                    sb.Clear();
                    count = 0;
                }
                if (sb.Length > 0) sb.Append(";\n");
                AppendTo(sb, statement, buffer);
                count += n;
                i += n;
            }
            if (sb.Length > 0) yield return (sb.ToString(), count);
        }

        // Through a small buffer: netstandard2.0 has no Append(StringBuilder), and ToString would leave a large string behind.
        private static void AppendTo(StringBuilder to, StringBuilder from, char[] buffer)
        {
            for (var at = 0; at < from.Length; at += buffer.Length)
            {
                var n = Math.Min(buffer.Length, from.Length - at);
                from.CopyTo(at, buffer, 0, n);
                to.Append(buffer, 0, n);
            }
        }

        /// <summary>The transaction is the one asked for by its GTID or the file:position of its start.</summary>
        private static bool StartsAs(BinlogScanTransaction t, string wanted)
        {
            if (RestorePlanner.TryParsePosition(wanted, out var file, out var position))
                return string.Equals(Path.GetFileName(t.StartFile), file, StringComparison.Ordinal) && t.StartPosition == position;
            return string.Equals(t.Gtid, wanted, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>A file:position after the transaction's start in its file may be one of its events.</summary>
        private static bool MayHold(BinlogScanTransaction t, string wanted) =>
            RestorePlanner.TryParsePosition(wanted, out var file, out var position)
            && string.Equals(Path.GetFileName(t.StartFile), file, StringComparison.Ordinal) && position > t.StartPosition;

        private static bool IsAt(BinlogEvent e, string wanted) =>
            RestorePlanner.TryParsePosition(wanted, out var file, out var position)
            && e.Position == position && string.Equals(Path.GetFileName(e.File), file, StringComparison.Ordinal);

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
