using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Connection;

namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// What a killed staged restore of a target left on the server, dealt with before a new one
    /// starts: a previous-tables database with a journal whose staging database no longer holds
    /// tables was swapped, so its objects are recreated and it is finished; one whose staging
    /// database still holds its tables never swapped, so the target gets its triggers back; every
    /// staging database is then dropped. Returns a sentence per thing done.
    /// </summary>
    internal static class RestoreLeftovers
    {
        public static async Task<List<string>> ResolveAsync(ConnectionOptions server, string target, bool noBinlog, CancellationToken token)
        {
            var notes = new List<string>();
            using (var admin = await TableSwap.OpenAsync(server, null, noBinlog, token).ConfigureAwait(false))
            {
                var found = new List<string>();
                using (var command = new MySqlCommand("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE @p " +
                    "ORDER BY SCHEMA_NAME", admin))
                {
                    command.Parameters.AddWithValue("@p", StagingNames.LikePattern(target));
                    using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                        while (await reader.ReadAsync(token).ConfigureAwait(false)) found.Add(reader.GetString(0));
                }
                foreach (var database in found)
                {
                    if (!StagingNames.TryParse(target, database, out var kind, out var stamp) || kind != 'p') continue;
                    var names = StagingNames.FromStamp(target, stamp);
                    var journal = await ReadJournalAsync(admin, names.Aside, token).ConfigureAwait(false);
                    if (journal == null)
                    {
                        // Created, but the journal never written: nothing was moved into it.
                        if (await BaseTablesAsync(admin, names.Aside, token).ConfigureAwait(false) == 0)
                        {
                            await ServerCommand.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Q(names.Aside)}", token)
                                .ConfigureAwait(false);
                            notes.Add($"Dropped '{names.Aside}', left empty by an interrupted restore.");
                        }
                        continue;
                    }
                    var swapped = await BaseTablesAsync(admin, names.Stage, token).ConfigureAwait(false) == 0;
                    if (swapped)
                    {
                        await TableSwap.FinishAsync(server, names, journal.Objects, journal.KeepPrevious, noBinlog, token)
                            .ConfigureAwait(false);
                        notes.Add($"An interrupted restore of '{target}' had swapped its tables in; its views, routines, triggers and " +
                            "events were recreated and it was finished" +
                                  (journal.KeepPrevious ? $" (the previous tables are kept in '{names.Aside}')." : "."));
                    }
                    else
                    {
                        using (var live = await TableSwap.OpenAsync(server, target, noBinlog, token).ConfigureAwait(false))
                            await TableSwap.RunScriptAsync(live, journal.LiveTriggers, token).ConfigureAwait(false);
                        if (journal.CreatedTarget && await BaseTablesAsync(admin, target, token).ConfigureAwait(false) == 0)
                            await ServerCommand.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Q(target)}", token).ConfigureAwait(false);
                        await ServerCommand.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Q(names.Aside)}", token).ConfigureAwait(false);
                        notes.Add($"An interrupted restore of '{target}' stopped before its swap; '{target}' was left as it was (its " +
                            "triggers put back).");
                    }
                }
                foreach (var database in found)
                {
                    if (!StagingNames.TryParse(target, database, out var kind, out _) || kind != 'r') continue;
                    await ServerCommand.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Q(database)}", token).ConfigureAwait(false);
                    notes.Add($"Dropped the staging database '{database}' of an interrupted restore.");
                }
            }
            return notes;
        }

        private sealed class Journal
        {
            public bool KeepPrevious;
            public bool CreatedTarget;
            public string Objects = "";
            public string LiveTriggers = "";
        }

        private static async Task<Journal?> ReadJournalAsync(MySqlConnection connection, string aside, CancellationToken token)
        {
            using (var check = new MySqlCommand("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db AND TABLE_NAME " +
                "= @t", connection))
            {
                check.Parameters.AddWithValue("@db", aside);
                check.Parameters.AddWithValue("@t", TableSwap.JournalTable);
                if (Convert.ToInt64(await check.ExecuteScalarAsync(token).ConfigureAwait(false)) == 0) return null;
            }
            using (var command = new MySqlCommand("SELECT keep_previous, created_target, objects, live_triggers " +
                $"FROM {Q(aside)}.{Q(TableSwap.JournalTable)} LIMIT 1", connection))
            using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(token).ConfigureAwait(false)) return null;
                return new Journal { KeepPrevious = reader.GetInt32(0) != 0, CreatedTarget = reader.GetInt32(1) != 0,
                    Objects = reader.GetString(2), LiveTriggers = reader.GetString(3) };
            }
        }

        /// <summary>Base tables of a database, the journal left out (0 when it does not exist).</summary>
        internal static async Task<long> BaseTablesAsync(MySqlConnection connection, string database, CancellationToken token)
        {
            using (var command = new MySqlCommand("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db AND " +
                "TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> @j", connection))
            {
                command.Parameters.AddWithValue("@db", database);
                command.Parameters.AddWithValue("@j", TableSwap.JournalTable);
                return Convert.ToInt64(await command.ExecuteScalarAsync(token).ConfigureAwait(false));
            }
        }

        internal static async Task<bool> ExistsAsync(MySqlConnection connection, string database, CancellationToken token)
        {
            using (var command = new MySqlCommand("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @db", connection))
            {
                command.Parameters.AddWithValue("@db", database);
                return Convert.ToInt64(await command.ExecuteScalarAsync(token).ConfigureAwait(false)) > 0;
            }
        }

        private static string Q(string name) => SqlText.QuoteIdentifier(name);
    }
}
