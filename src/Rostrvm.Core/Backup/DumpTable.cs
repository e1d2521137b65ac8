using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// One base table as the dump sees it: its CREATE TABLE, the columns that take values
    /// (generated columns are never inserted into), and an integer key to split it into chunks.
    /// </summary>
    public sealed class DumpTable
    {
        public string Name { get; set; } = "";
        /// <summary>Null until <see cref="DatabaseSchema"/> read it.</summary>
        public string? CreateStatement { get; set; }
        public List<DumpColumn> Columns { get; set; } = new List<DumpColumn>();
        /// <summary>First column of an integer primary key, or null: then the table is one chunk.</summary>
        public string? ChunkColumn { get; set; }
        public long EstimatedRows { get; set; }
        public long DataLength { get; set; }

        /// <summary>
        /// Whether the rows average more than half of <paramref name="bytes"/> by the server's
        /// statistics. Half: right after rows of 16 MB are written, InnoDB's statistics may count
        /// only a MB of each.
        /// </summary>
        public bool RowsAverageNear(long bytes) => 2 * DataLength > bytes * Math.Max(1, EstimatedRows);

        /// <summary>
        /// The SELECT list. The server formats nothing beyond its text protocol; the client quotes
        /// and escapes (see <see cref="RowTupleReader"/>), like mysqldump does.
        /// With <paramref name="wireRows"/> (rows read from their wire payload, see
        /// <see cref="Connection.ConnectorRowPayload"/>) the columns are sent as they are: the
        /// server converts text to the session's utf8mb4 itself, and only BIT, which the text
        /// protocol sends as raw bits, is asked for as its integer. Without it, every value is
        /// cast AS BINARY so that the connector's GetBytes hands it over (text in other character
        /// sets, and JSON, converted to utf8mb4 first). Both give the same bytes.
        /// </summary>
        public string SelectList(bool wireRows) =>
            string.Join(",", Columns.Select(c => wireRows ? WireExpression(c) : BinaryExpression(c)));

        private static string WireExpression(DumpColumn column)
        {
            var name = SqlText.QuoteIdentifier(column.Name);
            return column.Kind == DumpColumnKind.Bit ? name + "+0" : name;
        }

        private static string BinaryExpression(DumpColumn column)
        {
            var name = SqlText.QuoteIdentifier(column.Name);
            switch (column.Kind)
            {
                case DumpColumnKind.Binary: return name;
                case DumpColumnKind.Bit: return $"CAST({name}+0 AS BINARY)";
                case DumpColumnKind.Number: return $"CAST({name} AS BINARY)";
                default:
                    var convert = NeedsConversion(column.CharacterSet)
                        || string.Equals(column.DataType, "json", StringComparison.OrdinalIgnoreCase);
                    return convert ? $"CAST(CONVERT({name} USING utf8mb4) AS BINARY)" : $"CAST({name} AS BINARY)";
            }
        }

        /// <summary>
        /// How each selected value is written, in SELECT list order, in the given .rbk format
        /// (binary values as hex in format 1, as escaped _binary literals from format 2 on).
        /// </summary>
        public DumpValueKind[] ValueKinds(int formatVersion = BackupHeader.CurrentFormatVersion) =>
            Columns.Select(c => KindOf(c, formatVersion)).ToArray();

        private static DumpValueKind KindOf(DumpColumn column, int formatVersion)
        {
            DumpValueKind kind;
            switch (column.Kind)
            {
                case DumpColumnKind.Binary:
                    kind = formatVersion >= BackupHeader.CountsOnCompletionLine ? DumpValueKind.BinaryQuoted : DumpValueKind.Hex;
                    break;
                case DumpColumnKind.Text: kind = IsTemporal(column.DataType) ? DumpValueKind.QuotedAsIs : DumpValueKind.Quoted; break;
                default: kind = DumpValueKind.Plain; break;
            }
            return column.Nullable ? kind | DumpValueKind.MaybeNull : kind;
        }

        /// <summary>Dates and times are digits and separators: never anything to escape.</summary>
        private static bool IsTemporal(string? dataType)
        {
            switch ((dataType ?? string.Empty).ToLowerInvariant())
            {
                case "date": case "datetime": case "timestamp": case "time": return true;
                default: return false;
            }
        }

        private static bool NeedsConversion(string? charset)
        {
            switch ((charset ?? string.Empty).ToLowerInvariant())
            {
                case "": case "utf8mb4": case "utf8mb3": case "utf8": case "ascii": case "binary": return false;
                default: return true;
            }
        }

        public string InsertPrefix() =>
            "INSERT INTO " + SqlText.QuoteIdentifier(Name) + " (" + string.Join(",", Columns.Select(c => SqlText.QuoteIdentifier(c.Name))) +
                ") VALUES ";

        /// <summary>Reads the base tables of a database: columns, keys and sizes, in name order.</summary>
        public static async Task<List<DumpTable>> ReadAllAsync(MySqlConnection connection, string database, CancellationToken token)
        {
            var tables = new Dictionary<string, DumpTable>(StringComparer.Ordinal);
            using (var command = new MySqlCommand(
                "SELECT TABLE_NAME, IFNULL(TABLE_ROWS,0), IFNULL(DATA_LENGTH,0) FROM information_schema.TABLES " +
                "WHERE TABLE_SCHEMA = @db AND TABLE_TYPE IN ('BASE TABLE','SYSTEM VERSIONED')", connection))
            {
                command.Parameters.AddWithValue("@db", database);
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                        tables[reader.GetString(0)] = new DumpTable
                        {
                            Name = reader.GetString(0),
                            EstimatedRows = Convert.ToInt64(reader.GetValue(1)),
                            DataLength = Convert.ToInt64(reader.GetValue(2)),
                        };
            }
            using (var command = new MySqlCommand(
                "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, IFNULL(CHARACTER_SET_NAME,''), IFNULL(EXTRA,''), " +
                "IFNULL(GENERATION_EXPRESSION,''), IS_NULLABLE " +
                "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = @db ORDER BY TABLE_NAME, ORDINAL_POSITION", connection))
            {
                command.Parameters.AddWithValue("@db", database);
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                    {
                        if (!tables.TryGetValue(reader.GetString(0), out var table)) continue;
                        var extra = reader.GetString(4);
                        // Generated columns (MySQL "VIRTUAL/STORED GENERATED", MariaDB also "PERSISTENT")
                        // are computed by the server on load; naming them in an INSERT is an error.
                        if (extra.IndexOf("GENERATED", StringComparison.OrdinalIgnoreCase) >= 0
                            || extra.IndexOf("PERSISTENT", StringComparison.OrdinalIgnoreCase) >= 0
                            || extra.IndexOf("VIRTUAL", StringComparison.OrdinalIgnoreCase) >= 0) continue;
                        var dataType = reader.GetString(2);
                        table.Columns.Add(new DumpColumn
                        {
                            Name = reader.GetString(1), DataType = dataType, CharacterSet = reader.GetString(3),
                            Kind = DumpColumn.KindOf(dataType),
                            Nullable = !string.Equals(reader.GetString(6), "NO", StringComparison.OrdinalIgnoreCase),
                        });
                    }
            }
            using (var command = new MySqlCommand(
                "SELECT s.TABLE_NAME, s.COLUMN_NAME, c.DATA_TYPE FROM information_schema.STATISTICS s " +
                "JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME " +
                "AND c.COLUMN_NAME = s.COLUMN_NAME " +
                "WHERE s.TABLE_SCHEMA = @db AND s.INDEX_NAME = 'PRIMARY' AND s.SEQ_IN_INDEX = 1", connection))
            {
                command.Parameters.AddWithValue("@db", database);
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                        if (tables.TryGetValue(reader.GetString(0), out var table) && IsInteger(reader.GetString(2)))
                            table.ChunkColumn = reader.GetString(1);
            }
            return tables.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        }

        private static bool IsInteger(string dataType)
        {
            switch (dataType.ToLowerInvariant())
            {
                case "tinyint": case "smallint": case "mediumint": case "int": case "integer": case "bigint": return true;
                default: return false;
            }
        }
    }
}
