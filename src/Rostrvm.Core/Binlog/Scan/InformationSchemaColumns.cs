using System;
using System.Collections.Generic;
using MySqlConnector;

namespace Rostrvm.Core.Binlog
{
    /// <summary>Column names, signedness and collations from the server's information_schema, for
    /// table maps written without optional metadata (MariaDB's default binlog_row_metadata=NO_LOG).
    /// Note: it describes the table as it is now, which may differ from when the event was written.</summary>
    public sealed class InformationSchemaColumns : IColumnInfoSource
    {
        private readonly MySqlConnection _connection;
        private readonly Dictionary<string, ColumnInfo[]?> _cache = new Dictionary<string, ColumnInfo[]?>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _collations = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        public InformationSchemaColumns(MySqlConnection connection) { _connection = connection; }

        public ColumnInfo[]? GetColumns(string database, string table)
        {
            var key = database + "\0" + table;
            if (_cache.TryGetValue(key, out var cached)) return cached;
            ColumnInfo[]? result = null;
            try
            {
                if (_collations.Count == 0) LoadCollations();
                var list = new List<ColumnInfo>();
                using (var command = new MySqlCommand(
                    "SELECT COLUMN_NAME, COLUMN_TYPE, COLLATION_NAME, DATA_TYPE FROM information_schema.COLUMNS " +
                    "WHERE TABLE_SCHEMA = @db AND TABLE_NAME = @t ORDER BY ORDINAL_POSITION", _connection))
                {
                    command.Parameters.AddWithValue("@db", database);
                    command.Parameters.AddWithValue("@t", table);
                    using (var reader = command.ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            var type = reader.GetString(1);
                            var collation = reader.IsDBNull(2) ? null : reader.GetString(2);
                            var dataType = reader.GetString(3).ToLowerInvariant();
                            var id = 0;
                            if (collation != null) _collations.TryGetValue(collation, out id);
                            else if (dataType.Contains("blob") || dataType.Contains("binary")) id = Charsets.Binary;
                            var values = dataType == "enum" || dataType == "set" ? Members(type) : null;
                            var isUnsigned = type.IndexOf("unsigned", StringComparison.OrdinalIgnoreCase) >= 0;
                            list.Add(new ColumnInfo(reader.GetString(0), isUnsigned, id, values));
                        }
                    }
                }
                result = list.Count > 0 ? list.ToArray() : null;
            }
            catch (MySqlException) { result = null; }
            _cache[key] = result;
            return result;
        }

        /// <summary>The quoted members of enum('a','b''c') / set(...).</summary>
        internal static string[] Members(string columnType)
        {
            var list = new List<string>();
            var open = columnType.IndexOf('(');
            var sb = new System.Text.StringBuilder();
            var inQuote = false;
            for (var i = open + 1; i < columnType.Length; i++)
            {
                var c = columnType[i];
                if (inQuote)
                {
                    if (c == '\'' && i + 1 < columnType.Length && columnType[i + 1] == '\'') { sb.Append('\''); i++; }
                    else if (c == '\'') { inQuote = false; list.Add(sb.ToString()); sb.Clear(); }
                    else sb.Append(c);
                }
                else if (c == '\'') inQuote = true;
                else if (c == ')') break;
            }
            return list.ToArray();
        }

        private void LoadCollations()
        {
            using (var command = new MySqlCommand("SELECT COLLATION_NAME, ID FROM information_schema.COLLATIONS", _connection))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) if (!reader.IsDBNull(1)) _collations[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1));
            }
        }
    }
}
