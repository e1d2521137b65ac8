using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// Checks a recording kind's table and columns against the server before the settings name
    /// them, so a typo is found when it is made, not at 02:00 by the archive job.
    /// </summary>
    public static class RecordingSourceCheck
    {
        /// <summary>
        /// The kind's settings merged from a partial description over what it has now (or the product default);
        /// a part given as null is cleared.
        /// </summary>
        public static RecordingSource Merge(RecordingSource? current, IDictionary<string, string?> changes)
        {
            var source = current == null ? new RecordingSource() : (RecordingSource)MemberwiseCopy(current);
            foreach (var change in changes)
            {
                var property = typeof(RecordingSource).GetProperty(change.Key,
                    System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance
                    | System.Reflection.BindingFlags.IgnoreCase);
                if (property == null || property.PropertyType != typeof(string))
                    throw new RostrvmException("RecordingSourceInvalid", FailureKind.InvalidArgument,
                        $"'{change.Key}' is not a part of a recording source. The parts are: {string.Join(", ", Parts)}.", change.Key);
                property.SetValue(source, change.Value);
            }
            if (string.IsNullOrEmpty(source.Table) || string.IsNullOrEmpty(source.TimeColumn))
                throw new RostrvmException("RecordingSourceInvalid", FailureKind.InvalidArgument,
                    "A recording source needs at least Table and TimeColumn.", source.Table);
            return source;
        }

        /// <summary>The settable parts of a recording source, for messages.</summary>
        public static IEnumerable<string> Parts => typeof(RecordingSource).GetProperties()
            .Where(p => p.CanWrite && p.PropertyType == typeof(string)).Select(p => p.Name);

        /// <summary>Refuses a source whose table or columns the database does not have, naming what is missing.</summary>
        public static async Task ValidateAsync(ConnectionOptions options, string kind, RecordingSource source, CancellationToken token)
        {
            var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using (var connection = await ConnectionFactory.OpenAsync(options, withDatabase: false, token).ConfigureAwait(false))
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = @db AND TABLE_NAME = @table";
                command.Parameters.AddWithValue("@db", options.Database);
                command.Parameters.AddWithValue("@table", source.Table);
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                    while (await reader.ReadAsync(token).ConfigureAwait(false)) columns.Add(reader.GetString(0));
            }
            if (columns.Count == 0)
                throw new RostrvmException("RecordingSourceInvalid", FailureKind.ObjectNotFound,
                    $"The {kind} recordings table '{source.Table}' does not exist in {options.Database} " +
                        $"on {options.Server}:{options.Port}. Nothing was changed; give the table that holds them.", source.Table);
            var needed = new[] { source.IdColumn, source.TimeColumn, source.BodyColumn, source.ArchiveFileColumn, source.ArchiveEntryColumn,
                source.CallIdColumn }
                .OfType<string>().Where(c => c.Length > 0);
            var missing = needed.Where(c => !columns.Contains(c)).ToList();
            if (missing.Count > 0)
                throw new RostrvmException("RecordingSourceInvalid", FailureKind.ObjectNotFound,
                    $"The {kind} recordings table {options.Database}.{source.Table} has no column {string.Join(", ", missing)}. Nothing " +
                        $"was changed; name its columns (IdColumn, TimeColumn, BodyColumn, CallIdColumn, ArchiveFileColumn, " +
                        $"ArchiveEntryColumn).", source.Table);
        }

        private static object MemberwiseCopy(RecordingSource source) => new RecordingSource
        {
            Table = source.Table, IdColumn = source.IdColumn, TimeColumn = source.TimeColumn, BodyColumn = source.BodyColumn,
            CallIdColumn = source.CallIdColumn, ArchivePrefix = source.ArchivePrefix, CallTable = source.CallTable,
            ArchiveFileColumn = source.ArchiveFileColumn, ArchiveEntryColumn = source.ArchiveEntryColumn,
        };
    }
}
