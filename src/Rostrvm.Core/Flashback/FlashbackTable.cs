using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;

namespace Rostrvm.Core.Flashback
{
    /// <summary>What the undo needs to know of a table: its columns, its key, the generated
    /// columns it must not write, and the JSON columns (MySQL's JSON type compares only with JSON).</summary>
    public sealed class FlashbackTable
    {
        public FlashbackTable(string database, string name, IEnumerable<string> columns, IEnumerable<string>? keyColumns = null,
            IEnumerable<string>? generatedColumns = null, IEnumerable<string>? jsonColumns = null)
        {
            Database = database;
            Name = name;
            Columns = columns.ToArray();
            KeyColumns = (keyColumns ?? Enumerable.Empty<string>()).ToArray();
            Generated = new HashSet<string>(generatedColumns ?? Enumerable.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            Json = new HashSet<string>(jsonColumns ?? Enumerable.Empty<string>(), StringComparer.OrdinalIgnoreCase);
        }

        public string Database { get; }
        public string Name { get; }
        public string[] Columns { get; }

        /// <summary>The primary key (else the first unique key of NOT NULL columns); empty when there is none.</summary>
        public string[] KeyColumns { get; }
        public HashSet<string> Generated { get; }
        public HashSet<string> Json { get; }

        public string QualifiedName => Quote(Database) + "." + Quote(Name);
        public string DisplayName => Database + "." + Name;

        public static string Quote(string name) => "`" + name.Replace("`", "``") + "`";

        /// <summary>Reads the table from information_schema; null when the server has no such table.</summary>
        public static async Task<FlashbackTable?> ReadAsync(MySqlConnection connection, string database, string table,
            CancellationToken token)
        {
            var columns = new List<string>();
            var generated = new List<string>();
            var json = new List<string>();
            using (var command = new MySqlCommand(
                "SELECT COLUMN_NAME, EXTRA, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA=@db AND TABLE_NAME=@t ORDER BY " +
                    "ORDINAL_POSITION", connection))
            {
                command.Parameters.AddWithValue("@db", database);
                command.Parameters.AddWithValue("@t", table);
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                    {
                        var name = reader.GetString(0);
                        columns.Add(name);
                        var extra = reader.IsDBNull(1) ? "" : reader.GetString(1);
                        if (extra.IndexOf("GENERATED", StringComparison.OrdinalIgnoreCase) >= 0 && extra.IndexOf("DEFAULT_GENERATED",
                            StringComparison.OrdinalIgnoreCase) < 0
                            || extra.IndexOf("VIRTUAL", StringComparison.OrdinalIgnoreCase) >= 0 || extra.IndexOf("PERSISTENT",
                                StringComparison.OrdinalIgnoreCase) >= 0)
                            generated.Add(name);
                        if (string.Equals(reader.GetString(2), "json", StringComparison.OrdinalIgnoreCase)) json.Add(name);
                    }
            }
            if (columns.Count == 0) return null;
            var keys = new List<(string Index, string Column, bool Nullable)>();
            using (var command = new MySqlCommand(
                "SELECT s.INDEX_NAME, s.COLUMN_NAME, s.NULLABLE FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA=@db AND " +
                    "s.TABLE_NAME=@t AND s.NON_UNIQUE=0 ORDER BY s.INDEX_NAME='PRIMARY' DESC, s.INDEX_NAME, s.SEQ_IN_INDEX", connection))
            {
                command.Parameters.AddWithValue("@db", database);
                command.Parameters.AddWithValue("@t", table);
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                        keys.Add((reader.GetString(0), reader.GetString(1), !reader.IsDBNull(2) && reader.GetString(2) == "YES"));
            }
            // A unique key with a nullable column does not identify a row; the first that does is the key.
            var key = keys.GroupBy(k => k.Index).FirstOrDefault(g => g.All(k => !k.Nullable));
            return new FlashbackTable(database, table, columns, key?.Select(k => k.Column), generated, json);
        }
    }
}
