using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// Everything of a database except the rows, read once inside the backup's snapshot, and
    /// written out as SQL both MySQL 8 and MariaDB accept (server-generated CREATE statements,
    /// mysqldump's conditional comments for session settings, DELIMITER for bodies).
    /// </summary>
    public sealed class DatabaseSchema
    {
        public List<DumpTable> Tables { get; set; } = new List<DumpTable>();
        public List<SchemaObject> Views { get; set; } = new List<SchemaObject>();
        public List<SchemaObject> Routines { get; set; } = new List<SchemaObject>();
        public List<SchemaObject> Triggers { get; set; } = new List<SchemaObject>();
        public List<SchemaObject> Events { get; set; } = new List<SchemaObject>();

        public static async Task<DatabaseSchema> ReadAsync(MySqlConnection connection, string database, CancellationToken token)
        {
            var schema = new DatabaseSchema
            {
                Tables = await DumpTable.ReadAllAsync(connection, database, token).ConfigureAwait(false),
            };
            foreach (var table in schema.Tables)
                table.CreateStatement = await ShowCreateTableAsync(connection, table.Name, token).ConfigureAwait(false);

            foreach (var name in await NamesAsync(connection,
                "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = @db ORDER BY TABLE_NAME", database, token)
                .ConfigureAwait(false))
            {
                var view = new SchemaObject { Kind = "VIEW", Name = name[0] };
                using (var command = new MySqlCommand("SHOW CREATE VIEW " + SqlText.QuoteIdentifier(view.Name), connection))
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                    if (await reader.ReadAsync(token).ConfigureAwait(false)) view.CreateStatement = reader.GetString(1);
                schema.Views.Add(view);
            }
            foreach (var row in await NamesAsync(connection,
                "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = @db AND TABLE_NAME IN " +
                "(SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = @db) ORDER BY TABLE_NAME, ORDINAL_POSITION",
                database, token).ConfigureAwait(false))
                schema.Views.FirstOrDefault(v => v.Name == row[0])?.Columns.Add(row[1]);

            foreach (var row in await NamesAsync(connection,
                "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = @db AND " +
                "ROUTINE_TYPE IN ('PROCEDURE','FUNCTION') ORDER BY ROUTINE_TYPE, ROUTINE_NAME", database, token).ConfigureAwait(false))
                schema.Routines.Add(await ShowCreateAsync(connection, row[0], row[1], null, token).ConfigureAwait(false));
            foreach (var row in await NamesAsync(connection,
                "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = @db " +
                "ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER", database, token).ConfigureAwait(false))
                schema.Triggers.Add(await ShowCreateAsync(connection, "TRIGGER", row[0], row[1], token).ConfigureAwait(false));
            foreach (var row in await NamesAsync(connection,
                "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = @db ORDER BY EVENT_NAME", database, token)
                .ConfigureAwait(false))
                schema.Events.Add(await ShowCreateAsync(connection, "EVENT", row[0], null, token).ConfigureAwait(false));
            return schema;
        }

        /// <summary>The table's CREATE TABLE, or null when the server shows no row for it.</summary>
        public static async Task<string?> ShowCreateTableAsync(MySqlConnection connection, string table, CancellationToken token)
        {
            using (var command = new MySqlCommand("SHOW CREATE TABLE " + SqlText.QuoteIdentifier(table), connection))
            using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                return await reader.ReadAsync(token).ConfigureAwait(false) ? reader.GetString(1) : null;
        }

        private static async Task<List<string[]>> NamesAsync(MySqlConnection connection, string sql, string database,
            CancellationToken token)
        {
            var rows = new List<string[]>();
            using (var command = new MySqlCommand(sql, connection))
            {
                command.Parameters.AddWithValue("@db", database);
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                    {
                        var row = new string[reader.FieldCount];
                        for (var i = 0; i < row.Length; i++) row[i] = reader.GetString(i);
                        rows.Add(row);
                    }
            }
            return rows;
        }

        private static async Task<SchemaObject> ShowCreateAsync(MySqlConnection connection, string kind, string name, string? table,
            CancellationToken token)
        {
            var item = new SchemaObject { Kind = kind, Name = name, Table = table };
            using (var command = new MySqlCommand($"SHOW CREATE {kind} {SqlText.QuoteIdentifier(name)}", connection))
            using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
            {
                if (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var column = reader.GetName(i);
                        var value = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i));
                        if (column.Equals("sql_mode", StringComparison.OrdinalIgnoreCase)) item.SqlMode = value;
                        else if (column.Equals("time_zone", StringComparison.OrdinalIgnoreCase)) item.TimeZone = value;
                        else if (column.StartsWith("Create ", StringComparison.OrdinalIgnoreCase)
                            || column.Equals("SQL Original Statement", StringComparison.OrdinalIgnoreCase)) item.CreateStatement = value;
                    }
                }
            }
            if (string.IsNullOrEmpty(item.CreateStatement))
                throw new RostrvmException("MissingPrivilege", FailureKind.PermissionDenied,
                    $"The server did not show the definition of {kind.ToLowerInvariant()} '{name}' to this account. Grant it " +
                        "SELECT on mysql.proc (MariaDB) or SHOW_ROUTINE (MySQL 8), or back up as the routine's definer.", name);
            return item;
        }

        // ---- writing ----

        internal const string Preamble =
            "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n" +
            "/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;\n" +
            "/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;\n" +
            "/*!40101 SET NAMES utf8mb4 */;\n" +
            "/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n" +
            "/*!40103 SET TIME_ZONE='+00:00' */;\n" +
            "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n" +
            "/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n" +
            "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n" +
            "/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;\n";

        internal const string Footer =
            "\n/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n" +
            "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n" +
            "/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;\n" +
            "/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;\n" +
            "/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n" +
            "/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;\n" +
            "/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;\n" +
            "/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;\n";

        internal static string TableDefinition(DumpTable table) =>
            "\n--\n-- Table " + SqlText.QuoteIdentifier(table.Name) + "\n--\n" +
            "DROP TABLE IF EXISTS " + SqlText.QuoteIdentifier(table.Name) + ";\n" +
            table.CreateStatement + ";\n";

        /// <summary>
        /// Views may use each other in any order: first every view as a stand-in with the right
        /// column names (the mysqldump technique), then each real definition replaces its stand-in.
        /// </summary>
        internal string ViewDefinitions()
        {
            if (Views.Count == 0) return string.Empty;
            var text = new StringBuilder("\n--\n-- Views (stand-ins first, so that views may use each other in any order)\n--\n");
            foreach (var view in Views)
            {
                var columns = view.Columns.Count == 0
                    ? "1 AS `stand_in`"
                    : string.Join(",", view.Columns.Select(c => "1 AS " + SqlText.QuoteIdentifier(c)));
                text.Append("DROP TABLE IF EXISTS ").Append(SqlText.QuoteIdentifier(view.Name)).Append(";\n");
                text.Append("CREATE OR REPLACE VIEW ").Append(SqlText.QuoteIdentifier(view.Name)).Append(" AS SELECT ").Append(columns)
                    .Append(";\n");
            }
            foreach (var view in Views)
                text.Append(OrReplace(view.CreateStatement ?? throw new InvalidOperationException(
                    $"The definition of view '{view.Name}' was never read."))).Append(";\n");
            return text.ToString();
        }

        private static string OrReplace(string create) =>
            create.StartsWith("CREATE ", StringComparison.OrdinalIgnoreCase)
                && !create.StartsWith("CREATE OR REPLACE", StringComparison.OrdinalIgnoreCase)
                ? "CREATE OR REPLACE " + create.Substring(7) : create;

        internal string RoutineDefinitions() =>
            BodyDefinitions("Routines", Routines, r => $"DROP {r.Kind} IF EXISTS {SqlText.QuoteIdentifier(r.Name)};\n");

        internal string TriggerDefinitions() => BodyDefinitions("Triggers (after the data, so loading fires none)", Triggers,
            t => $"DROP TRIGGER IF EXISTS {SqlText.QuoteIdentifier(t.Name)};\n");

        internal string EventDefinitions() =>
            BodyDefinitions("Events", Events, e => $"DROP EVENT IF EXISTS {SqlText.QuoteIdentifier(e.Name)};\n");

        private static string BodyDefinitions(string title, List<SchemaObject> items, Func<SchemaObject, string> drop)
        {
            if (items.Count == 0) return string.Empty;
            var text = new StringBuilder("\n--\n-- " + title + "\n--\n");
            foreach (var item in items)
            {
                text.Append(drop(item));
                // Bodies are parsed under the sql_mode (and events scheduled in the time zone) they were created with.
                text.Append("SET @saved_sql_mode = @@sql_mode;\n");
                text.Append("SET sql_mode = ").Append(SqlText.QuoteString(PortableSqlMode(item.SqlMode))).Append(";\n");
                if (!string.IsNullOrEmpty(item.TimeZone))
                    text.Append("SET time_zone = ").Append(SqlText.QuoteString(item.TimeZone)).Append(";\n");
                text.Append("DELIMITER ;;\n").Append(item.CreateStatement).Append(" ;;\nDELIMITER ;\n");
                if (!string.IsNullOrEmpty(item.TimeZone)) text.Append("SET time_zone = '+00:00';\n");
                text.Append("SET sql_mode = @saved_sql_mode;\n");
            }
            return text.ToString();
        }

        /// <summary>Drops modes MySQL 8 no longer knows (NO_AUTO_CREATE_USER), so either server accepts the SET.</summary>
        internal static string PortableSqlMode(string? mode) =>
            string.Join(",", (mode ?? string.Empty).Split(',')
                .Where(m => m.Length > 0 && !m.Equals("NO_AUTO_CREATE_USER", StringComparison.OrdinalIgnoreCase)));
    }
}
