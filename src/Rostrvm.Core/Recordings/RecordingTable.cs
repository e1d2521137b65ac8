using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// One kind of recording in the database: its table and columns as the settings name them,
    /// checked against information_schema, and the SQL that reads and releases its bodies.
    /// </summary>
    public sealed class RecordingTable
    {
        private RecordingTable(string kind, RecordingSource source, string table, string idColumn, string timeColumn, string bodyColumn,
            string archiveFileColumn, string archiveEntryColumn, IReadOnlyList<string> metadataColumns)
        {
            Kind = kind;
            Source = source;
            _table = table;
            _idColumn = idColumn;
            _timeColumn = timeColumn;
            _bodyColumn = bodyColumn;
            _archiveFileColumn = archiveFileColumn;
            _archiveEntryColumn = archiveEntryColumn;
            MetadataColumns = metadataColumns;
        }

        // The source's table and columns, which the settings may leave out (null), as LoadAsync found them.
        private readonly string _table;
        private readonly string _idColumn;
        private readonly string _timeColumn;
        private readonly string _bodyColumn;
        private readonly string _archiveFileColumn;
        private readonly string _archiveEntryColumn;
        // The MIS table whose rows travel with the recordings; null when there is none to read.
        private string? _callTable;

        public string Kind { get; }
        public RecordingSource Source { get; }
        /// <summary>Every column but the body, in table order.</summary>
        public IReadOnlyList<string> MetadataColumns { get; }
        public bool HasFormatColumn { get; private set; }
        public bool CallTableExists => _callTable != null;
        /// <summary>
        /// Bytes of body per SELECT. Each SUBSTRING makes the server read the whole blob, so chunks
        /// are as large as the server lets one row be (max_allowed_packet, less room for the
        /// packet header), capped at 8 MB so memory stays flat (MySqlConnector holds a whole row).
        /// </summary>
        public int ChunkSize { get; private set; } = DatabaseBodyStream.DefaultChunkSize;

        public string Table => Q(_table);
        public string Id => Q(_idColumn);
        public string Time => Q(_timeColumn);
        public string Body => Q(_bodyColumn);
        public string ArchiveFile => Q(_archiveFileColumn);
        public string ArchiveEntry => Q(_archiveEntryColumn);

        /// <summary>The settings' name and source of a kind, matched without regard to case; a clear error for an unknown one.</summary>
        public static KeyValuePair<string, RecordingSource> Resolve(RostrvmSettings settings, string kind)
        {
            var sources = settings.EffectiveRecordingSources;
            foreach (var pair in sources)
                if (string.Equals(pair.Key, kind, StringComparison.OrdinalIgnoreCase)) return pair;
            throw new RostrvmException("RecordingKindUnknown", FailureKind.InvalidArgument,
                $"There is no recording kind '{kind}' in the settings; known kinds: {string.Join(", ", sources.Keys)}.", kind);
        }

        public static string Q(string identifier) => "`" + identifier.Replace("`", "``") + "`";

        /// <summary>Reads and checks the table's columns; a missing table or column is a clear error.</summary>
        public static async Task<RecordingTable> LoadAsync(MySqlConnection connection, string kind, RecordingSource source,
            CancellationToken token)
        {
            // A source without a table names none that exists.
            var columns = source.Table == null ? new List<string>()
                : await ColumnsAsync(connection, source.Table, token).ConfigureAwait(false);
            if (source.Table == null || columns.Count == 0)
                throw new RostrvmException("RecordingTableNotFound", FailureKind.ObjectNotFound,
                    $"The {kind} recordings table '{source.Table}' does not exist in database '{connection.Database}'. Check " +
                        $"RecordingSources in the settings.", source.Table);
            string Required(string? column) => column != null && columns.Contains(column, StringComparer.OrdinalIgnoreCase) ? column
                : throw ColumnNotFound(kind, source, column);
            // In the order the error names them.
            var id = Required(source.IdColumn);
            var time = Required(source.TimeColumn);
            var body = Required(source.BodyColumn);
            var archiveFile = Required(source.ArchiveFileColumn);
            var archiveEntry = Required(source.ArchiveEntryColumn);
            var metadata = columns.Where(c => !string.Equals(c, body, StringComparison.OrdinalIgnoreCase)).ToList();
            var table = new RecordingTable(kind, source, source.Table, id, time, body, archiveFile, archiveEntry, metadata);
            using (var packet = new MySqlCommand("SELECT @@max_allowed_packet", connection))
            {
                var max = Convert.ToInt64(await packet.ExecuteScalarAsync(token).ConfigureAwait(false));
                table.ChunkSize = (int)Math.Max(1L << 20, Math.Min(8L << 20, max - (1L << 20)));
            }
            table.HasFormatColumn = columns.Contains("format", StringComparer.OrdinalIgnoreCase);
            table.HasBodySizeColumn = columns.Contains("body_size", StringComparer.OrdinalIgnoreCase);
            if (source.CallTable is { Length: > 0 } callTable && source.CallIdColumn is { Length: > 0 } callId
                && columns.Contains(callId, StringComparer.OrdinalIgnoreCase)
                && (await ColumnsAsync(connection, callTable, token).ConfigureAwait(false)).Count > 0)
                table._callTable = callTable;
            return table;
        }

        private static RostrvmException ColumnNotFound(string kind, RecordingSource source, string? column) =>
            new RostrvmException("RecordingColumnNotFound", FailureKind.ObjectNotFound,
                $"The {kind} recordings table '{source.Table}' has no column '{column}'. Check RecordingSources in the " +
                    $"settings (archiving needs the id, time, body, archive file and archive entry columns).", source.Table);

        private static async Task<List<string>> ColumnsAsync(MySqlConnection connection, string table, CancellationToken token)
        {
            var columns = new List<string>();
            using (var command = new MySqlCommand(
                "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @t ORDER BY " +
                    "ORDINAL_POSITION", connection))
            {
                command.Parameters.AddWithValue("@t", table);
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                    while (await reader.ReadAsync(token).ConfigureAwait(false)) columns.Add(reader.GetString(0));
            }
            return columns;
        }

        /// <summary>
        /// The next page of recordings to archive: older than the cut-off, not yet recorded as
        /// archived; in time order, after the given key. The body is not looked at: any condition
        /// on it (even IS NOT NULL) makes the server read every blob of the page once more, so a
        /// row without a body is found, and skipped, when its body is read.
        /// </summary>
        public async Task<List<RecordingRow>> NextPageAsync(MySqlConnection connection, DateTime before, RecordingRow? after, int pageSize,
            CancellationToken token)
        {
            var select = string.Join(", ", MetadataColumns.Select(Q));
            var keyset = after == null ? string.Empty : $" AND ({Time} > @t OR ({Time} = @t AND {Id} > @id))";
            var sql = $"SELECT {select} FROM {Table} " +
                      $"WHERE {Time} < @before AND {ArchiveFile} IS NULL{keyset} ORDER BY {Time}, {Id} LIMIT {pageSize}";
            var rows = new List<RecordingRow>();
            using (var command = new MySqlCommand(sql, connection))
            {
                command.Parameters.AddWithValue("@before", before);
                if (after != null) { command.Parameters.AddWithValue("@t", after.Time); command.Parameters.AddWithValue("@id", after.Id); }
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                    {
                        var values = new List<KeyValuePair<string, object?>>(MetadataColumns.Count);
                        for (var i = 0; i < MetadataColumns.Count; i++)
                            values.Add(new KeyValuePair<string, object?>(MetadataColumns[i], reader.IsDBNull(i) ? null
                                : reader.GetValue(i)));
                        rows.Add(new RecordingRow(this, values));
                    }
                }
            }
            return rows;
        }

        /// <summary>The associated MIS rows (the call rows) of a page of recordings, by call id: one query per page.</summary>
        public async Task<Dictionary<long, List<IReadOnlyList<KeyValuePair<string, object?>>>>> MisRowsAsync(MySqlConnection connection,
            IReadOnlyList<RecordingRow> page, CancellationToken token)
        {
            var byCall = new Dictionary<long, List<IReadOnlyList<KeyValuePair<string, object?>>>>();
            if (!(_callTable is { } callTable)) return byCall;
            var ids = page.Select(r => r.CallId).OfType<long>().Distinct().ToList();
            if (ids.Count == 0) return byCall;
            foreach (var id in ids) byCall[id] = new List<IReadOnlyList<KeyValuePair<string, object?>>>();
            using (var command = new MySqlCommand { Connection = connection })
            {
                var names = new List<string>(ids.Count);
                for (var i = 0; i < ids.Count; i++)
                {
                    names.Add("@c" + i);
                    command.Parameters.AddWithValue("@c" + i, ids[i]);
                }
                command.CommandText = $"SELECT * FROM {Q(callTable)} WHERE `id` IN ({string.Join(", ", names)})";
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                {
                    var idColumn = reader.GetOrdinal("id");
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                    {
                        var values = new List<KeyValuePair<string, object?>>(reader.FieldCount);
                        for (var i = 0; i < reader.FieldCount; i++)
                            values.Add(new KeyValuePair<string, object?>(reader.GetName(i),
                                reader.IsDBNull(i) ? null : reader.GetValue(i)));
                        if (byCall.TryGetValue(Convert.ToInt64(reader.GetValue(idColumn)), out var rows)) rows.Add(values);
                    }
                }
            }
            return byCall;
        }

        /// <summary>One recording's MIS rows from its page's lookup, in the shape the manifest takes.</summary>
        public Dictionary<string, List<IReadOnlyList<KeyValuePair<string, object?>>>> MisRowsOf(
            Dictionary<long, List<IReadOnlyList<KeyValuePair<string, object?>>>> byCall, RecordingRow row)
        {
            var result = new Dictionary<string, List<IReadOnlyList<KeyValuePair<string, object?>>>>();
            if (!(_callTable is { } callTable) || row.CallId == null) return result;
            result[callTable] = byCall.TryGetValue(row.CallId.Value, out var rows) ? rows
                : new List<IReadOnlyList<KeyValuePair<string, object?>>>();
            return result;
        }

        /// <summary>The body as a stream with its length; null when the row or its body is gone.</summary>
        public DatabaseBodyStream? OpenBody(MySqlConnection connection, long id) =>
            DatabaseBodyStream.Open(connection, Table, Body, Id, id, ChunkSize);

        /// <summary>SQL for the total body bytes: the body_size column when the table has one (cheap), else LENGTH.</summary>
        public string SizeExpression => HasBodySizeColumn ? "`body_size`" : $"LENGTH({Body})";
        public bool HasBodySizeColumn { get; private set; }

        /// <summary>
        /// Where a recording's body is: length in the database (null if archived), archive file and entry; null when
        /// there is no such row.
        /// </summary>
        public async Task<RecordingLocation?> LocateAsync(MySqlConnection connection, long id, CancellationToken token)
        {
            var format = HasFormatColumn ? "`format`" : "NULL";
            using (var command = new MySqlCommand(
                $"SELECT LENGTH({Body}), {ArchiveFile}, {ArchiveEntry}, {format} FROM {Table} WHERE {Id} = @id", connection))
            {
                command.Parameters.AddWithValue("@id", id);
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(token).ConfigureAwait(false)) return null;
                    return new RecordingLocation
                    {
                        Id = id,
                        BodyLength = reader.IsDBNull(0) ? (long?)null : reader.GetInt64(0),
                        ArchiveFile = reader.IsDBNull(1) ? null : reader.GetString(1),
                        ArchiveEntry = reader.IsDBNull(2) ? null : reader.GetString(2),
                        Format = reader.IsDBNull(3) ? null : Convert.ToString(reader.GetValue(3)),
                    };
                }
            }
        }

        /// <summary>The ids the database says an archive holds.</summary>
        public async Task<List<long>> IdsInArchiveAsync(MySqlConnection connection, string archiveFile, CancellationToken token)
        {
            var ids = new List<long>();
            using (var command = new MySqlCommand($"SELECT {Id} FROM {Table} WHERE {ArchiveFile} = @f ORDER BY {Id}", connection))
            {
                command.Parameters.AddWithValue("@f", archiveFile);
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                    while (await reader.ReadAsync(token).ConfigureAwait(false)) ids.Add(Convert.ToInt64(reader.GetValue(0)));
            }
            return ids;
        }
    }
}
