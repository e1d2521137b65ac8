using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// Swaps a complete staging database in for its target: every base table of the target is
    /// renamed into the previous-tables database and every staging table into the target in ONE
    /// RENAME TABLE statement, which the server applies atomically (a reader sees the old set of
    /// tables or the new one, never a missing table). Triggers cannot move between databases
    /// (error 1435), so both sides' triggers are dropped just before the RENAME and the restored
    /// ones created on the target right after it; views, routines and events are then recreated
    /// from the staging database's definitions. Before anything moves, a journal (the object
    /// definitions of both sides) is written into the previous-tables database, so a rerun after
    /// a kill finishes a swap that happened or puts back the triggers of one that did not.
    /// </summary>
    internal static class TableSwap
    {
        public const string JournalTable = "_rostrvm_restore_journal_";

        /// <summary>Swaps <paramref name="names"/>.Stage into the target; returns the number of tables moved in.</summary>
        public static async Task<int> RunAsync(ConnectionOptions server, StagingNames names, bool keepPrevious, bool noBinlog,
            string charset, CancellationToken token)
        {
            using (var admin = await OpenAsync(server, null, noBinlog, token).ConfigureAwait(false))
            {
                var createdTarget = false;
                if (!await RestoreLeftovers.ExistsAsync(admin, names.Target, token).ConfigureAwait(false))
                {
                    await ServerCommand.ExecuteAsync(admin, $"CREATE DATABASE {Q(names.Target)} {charset}", token).ConfigureAwait(false);
                    createdTarget = true;
                }
                DatabaseSchema staged, live;
                using (var stage = await OpenAsync(server, names.Stage, noBinlog, token).ConfigureAwait(false))
                    staged = await DatabaseSchema.ReadAsync(stage, names.Stage, token).ConfigureAwait(false);
                using (var target = await OpenAsync(server, names.Target, noBinlog, token).ConfigureAwait(false))
                    live = await DatabaseSchema.ReadAsync(target, names.Target, token).ConfigureAwait(false);

                var objects = ObjectsScript(live, staged);
                var liveTriggers = Wrap(live.TriggerDefinitions());
                await ServerCommand.ExecuteAsync(admin, $"CREATE DATABASE IF NOT EXISTS {Q(names.Aside)} {charset}", token)
                    .ConfigureAwait(false);
                await ServerCommand.ExecuteAsync(admin, $"CREATE TABLE {Q(names.Aside)}.{Q(JournalTable)} (stage VARCHAR(64) NOT NULL, " +
                    "keep_previous TINYINT NOT NULL, created_target TINYINT NOT NULL, objects LONGTEXT NOT NULL, live_triggers LONGTEXT " +
                    "NOT NULL) DEFAULT CHARSET=utf8mb4", token).ConfigureAwait(false);
                using (var command = new MySqlCommand($"INSERT INTO {Q(names.Aside)}.{Q(JournalTable)} VALUES (@s, @k, @c, @o, @t)",
                    admin) { CommandTimeout = 0 })
                {
                    command.Parameters.AddWithValue("@s", names.Stage);
                    command.Parameters.AddWithValue("@k", keepPrevious ? 1 : 0);
                    command.Parameters.AddWithValue("@c", createdTarget ? 1 : 0);
                    command.Parameters.AddWithValue("@o", objects);
                    command.Parameters.AddWithValue("@t", liveTriggers);
                    await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                // From here to the RENAME, the target's tables have no triggers (documented).
                var renames = new List<string>();
                renames.AddRange(live.Tables.Select(t => $"{Q(names.Target)}.{Q(t.Name)} TO {Q(names.Aside)}.{Q(t.Name)}"));
                renames.AddRange(staged.Tables.Select(t => $"{Q(names.Stage)}.{Q(t.Name)} TO {Q(names.Target)}.{Q(t.Name)}"));
                try
                {
                    foreach (var trigger in live.Triggers)
                        await ServerCommand.ExecuteAsync(admin, $"DROP TRIGGER IF EXISTS {Q(names.Target)}.{Q(trigger.Name)}", token)
                            .ConfigureAwait(false);
                    foreach (var trigger in staged.Triggers)
                        await ServerCommand.ExecuteAsync(admin, $"DROP TRIGGER IF EXISTS {Q(names.Stage)}.{Q(trigger.Name)}", token)
                            .ConfigureAwait(false);
                    if (renames.Count > 0)
                        await ServerCommand.ExecuteAsync(admin, "RENAME TABLE " + string.Join(", ", renames), token).ConfigureAwait(false);
                }
                catch (MySqlException ex) when (!ConnectionLoss.Is(ex))
                {
                    // Nothing moved (the statement is atomic): the target gets its triggers back.
                    using (var target = await OpenAsync(server, names.Target, noBinlog, CancellationToken.None).ConfigureAwait(false))
                        await RunScriptAsync(target, liveTriggers, CancellationToken.None).ConfigureAwait(false);
                    await ServerCommand.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Q(names.Aside)}", CancellationToken.None)
                        .ConfigureAwait(false);
                    if (createdTarget) await ServerCommand.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Q(names.Target)}",
                        CancellationToken.None).ConfigureAwait(false);
                    throw new RostrvmException("RestoreSwapFailed", FailureKind.InvalidOperation,
                        $"Swapping the restored tables into '{names.Target}' failed (server " +
                            $"error {ex.Number}: {ServerErrorText.WithoutValues(ex.Message)}); nothing was moved and '{names.Target}' is " +
                            "as it was, triggers included. Fix the cause and run the restore again.",
                        names.Target, ex);
                }
                Recordings.FaultInjection.Point("restore-swapped");
                try
                {
                    await FinishAsync(server, names, objects, keepPrevious, noBinlog, token).ConfigureAwait(false);
                }
                catch (MySqlException ex) when (!ConnectionLoss.Is(ex))
                {
                    throw new RostrvmException("RestoreObjectsFailed", FailureKind.InvalidOperation,
                        $"The restored tables are in '{names.Target}', but recreating its views, routines, triggers and events failed " +
                            $"(server error {ex.Number}: {ServerErrorText.WithoutValues(ex.Message)}). Fix the cause and run the restore " +
                            $"again: it finishes this one first (the definitions are kept in '{names.Aside}').",
                        names.Target, ex);
                }
                return staged.Tables.Count;
            }
        }

        /// <summary>After the RENAME: the restored objects on the target, then the staging and (unless kept) previous tables
        /// dropped.</summary>
        internal static async Task FinishAsync(ConnectionOptions server, StagingNames names, string objects, bool keepPrevious,
            bool noBinlog, CancellationToken token)
        {
            using (var target = await OpenAsync(server, names.Target, noBinlog, token).ConfigureAwait(false))
            {
                await RunScriptAsync(target, objects, token).ConfigureAwait(false);
                await ServerCommand.ExecuteAsync(target, $"DROP DATABASE IF EXISTS {Q(names.Stage)}", token).ConfigureAwait(false);
                if (keepPrevious) await ServerCommand.ExecuteAsync(target, $"DROP TABLE IF EXISTS {Q(names.Aside)}.{Q(JournalTable)}",
                    token).ConfigureAwait(false);
                else await ServerCommand.ExecuteAsync(target, $"DROP DATABASE IF EXISTS {Q(names.Aside)}", token).ConfigureAwait(false);
            }
        }

        /// <summary>The target's views, routines and events dropped, then the staging database's created (its triggers with
        /// them).</summary>
        private static string ObjectsScript(DatabaseSchema live, DatabaseSchema staged)
        {
            var text = new StringBuilder();
            foreach (var view in live.Views) text.Append("DROP VIEW IF EXISTS ").Append(Q(view.Name)).Append(";\n");
            foreach (var routine in live.Routines) text.Append("DROP ").Append(routine.Kind).Append(" IF EXISTS ").Append(Q(routine.Name))
                .Append(";\n");
            foreach (var ev in live.Events) text.Append("DROP EVENT IF EXISTS ").Append(Q(ev.Name)).Append(";\n");
            text.Append(staged.ViewDefinitions()).Append(staged.RoutineDefinitions()).Append(staged.TriggerDefinitions())
                .Append(staged.EventDefinitions());
            return Wrap(text.ToString());
        }

        private static string Wrap(string body) => DatabaseSchema.Preamble + body + DatabaseSchema.Footer;

        internal static async Task RunScriptAsync(MySqlConnection connection, string script, CancellationToken token)
        {
            var reader = new SqlScriptReader(new MemoryStream(Encoding.UTF8.GetBytes(script)));
            string? statement;
            while ((statement = reader.Next()) != null)
                await ServerCommand.ExecuteAsync(connection, statement, token).ConfigureAwait(false);
        }

        internal static async Task<MySqlConnection> OpenAsync(ConnectionOptions server, string? database, bool noBinlog,
            CancellationToken token)
        {
            var connection = await ConnectionFactory.OpenAsync(server.WithDatabase(database), database != null, token)
                .ConfigureAwait(false);
            if (noBinlog) await ServerCommand.ExecuteAsync(connection, "SET SESSION sql_log_bin = 0", token).ConfigureAwait(false);
            return connection;
        }

        private static string Q(string name) => SqlText.QuoteIdentifier(name);
    }
}
