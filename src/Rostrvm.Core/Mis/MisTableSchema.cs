using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Mis
{
    /// <summary>
    /// A configured MIS table as the server has it: its stored columns (generated columns are left
    /// out of the CSV, the server recomputes them on load), its time column and its integer
    /// primary key, by which rows are sorted, compared and deleted in batches.
    /// </summary>
    public sealed class MisTableSchema
    {
        private MisTableSchema(string table, string timeColumn, IReadOnlyList<MisColumn> columns, int keyIndex,
            IReadOnlyList<string> generated)
        {
            Table = table;
            TimeColumn = timeColumn;
            Columns = columns;
            KeyIndex = keyIndex;
            GeneratedColumns = generated;
        }

        public string Table { get; }
        public string TimeColumn { get; }
        public IReadOnlyList<MisColumn> Columns { get; }
        public IReadOnlyList<string> GeneratedColumns { get; }
        public int KeyIndex { get; }
        public string KeyColumn => Columns[KeyIndex].Name;
        public bool KeyIsUnsigned => Columns[KeyIndex].Kind == MisColumnKind.Unsigned;

        /// <summary>The columns as the CSV needs them (<see cref="MisCsvRowFormatter.SelectList"/>).</summary>
        public string SelectList => MisCsvRowFormatter.SelectList(Columns);

        public static string Quote(string identifier) => "`" + identifier.Replace("`", "``") + "`";

        /// <summary>Reads and checks every table up front, so a bad setting changes nothing.</summary>
        public static async Task<IReadOnlyList<MisTableSchema>> ReadAsync(MySqlConnection connection, string? database,
            IEnumerable<KeyValuePair<string, string>> tables, CancellationToken cancellationToken)
        {
            var result = new List<MisTableSchema>();
            foreach (var pair in tables)
                result.Add(await ReadOneAsync(connection, database, pair.Key, pair.Value, cancellationToken).ConfigureAwait(false));
            return result;
        }

        private static async Task<MisTableSchema> ReadOneAsync(MySqlConnection connection, string? database, string table,
            string timeColumn, CancellationToken cancellationToken)
        {
            const string sql =
                "SELECT c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, COALESCE(c.DATETIME_PRECISION, 0), " +
                "COALESCE(c.GENERATION_EXPRESSION, '') <> '' OR c.EXTRA LIKE '%VIRTUAL%' OR c.EXTRA LIKE '%STORED%' OR c.EXTRA LIKE " +
                    "'%PERSISTENT%', " +
                "EXISTS (SELECT 1 FROM information_schema.KEY_COLUMN_USAGE k WHERE k.TABLE_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = " +
                    "c.TABLE_NAME " +
                "  AND k.COLUMN_NAME = c.COLUMN_NAME AND k.CONSTRAINT_NAME = 'PRIMARY'), " +
                "(SELECT COUNT(*) FROM information_schema.KEY_COLUMN_USAGE k WHERE k.TABLE_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = " +
                    "c.TABLE_NAME AND k.CONSTRAINT_NAME = 'PRIMARY') " +
                "FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = @db AND c.TABLE_NAME = @t ORDER BY c.ORDINAL_POSITION";
            var columns = new List<MisColumn>();
            var generated = new List<string>();
            string? key = null;
            long keyParts = 0;
            using (var command = new MySqlCommand(sql, connection))
            {
                command.Parameters.AddWithValue("@db", database);
                command.Parameters.AddWithValue("@t", table);
                using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var name = reader.GetString(0);
                        if (reader.GetInt64(4) != 0) { generated.Add(name); continue; }
                        var column = new MisColumn(name, reader.GetString(1), reader.GetInt32(3),
                            reader.GetString(2).IndexOf("unsigned", StringComparison.OrdinalIgnoreCase) >= 0);
                        if (reader.GetInt64(5) != 0) key = name;
                        keyParts = reader.GetInt64(6);
                        columns.Add(column);
                    }
                }
            }

            if (columns.Count == 0 && generated.Count == 0)
                throw new RostrvmException("MisTableNotFound", FailureKind.ObjectNotFound,
                    $"The MIS table '{table}' does not exist in the database '{database}'. Correct the MIS tables in the settings " +
                        $"(Set-RostrvmConfiguration -MisTable) or the -Table parameter.", table);
            var time = columns.FirstOrDefault(c => string.Equals(c.Name, timeColumn, StringComparison.OrdinalIgnoreCase))
                ?? (generated.Any(g => string.Equals(g, timeColumn, StringComparison.OrdinalIgnoreCase))
                    ? new MisColumn(timeColumn, "datetime", 0) : null);
            if (time == null)
                throw new RostrvmException("MisColumnNotFound", FailureKind.ObjectNotFound,
                    $"The MIS table '{table}' has no column '{timeColumn}' to take the row time from. Set the right time column with " +
                        $"Set-RostrvmConfiguration -MisTable @{{ {table} = '<column>' }}.", table + "." + timeColumn);
            if (time.Kind != MisColumnKind.DateTime && time.Kind != MisColumnKind.Date)
                throw new RostrvmException("MisColumnNotTime", FailureKind.InvalidArgument,
                    $"The column '{table}.{time.Name}' is {time.DataType}, not a DATE, DATETIME or TIMESTAMP, so rows cannot be assigned " +
                        $"to days. Configure the table's time column instead.", table + "." + timeColumn);
            var keyIndex = key == null ? -1 : columns.FindIndex(c => c.Name == key);
            if (keyIndex < 0 || keyParts != 1 || (columns[keyIndex].Kind != MisColumnKind.Signed
                && columns[keyIndex].Kind != MisColumnKind.Unsigned))
                throw new RostrvmException("MisPrimaryKeyUnsupported", FailureKind.InvalidArgument,
                    $"The MIS table '{table}' has no single integer primary key, which the extract and the batched purge need to " +
                        $"identify rows. Add one (e.g. an AUTO_INCREMENT id) or remove the table from the MIS tables.", table);
            return new MisTableSchema(table, time.Name, columns, keyIndex, generated);
        }

        /// <summary>For unit tests and readers of a manifest: a schema from a column list.</summary>
        public static MisTableSchema FromColumns(string table, string timeColumn, IReadOnlyList<MisColumn> columns, string keyColumn) =>
            new MisTableSchema(table, timeColumn, columns, columns.ToList().FindIndex(c => c.Name == keyColumn), Array.Empty<string>());
    }
}
