using System;
using System.Collections.Generic;
using MySqlConnector;

namespace Rostrvm.Core.Recordings
{
    /// <summary>A recording's row without its body.</summary>
    public sealed class RecordingRow
    {
        internal RecordingRow(RecordingTable table, IReadOnlyList<KeyValuePair<string, object?>> columns)
        {
            Columns = columns;
            foreach (var column in columns)
            {
                if (string.Equals(column.Key, table.Source.IdColumn,
                    StringComparison.OrdinalIgnoreCase)) Id = Convert.ToInt64(column.Value);
                else if (string.Equals(column.Key, table.Source.TimeColumn,
                    StringComparison.OrdinalIgnoreCase)) Time = AsDateTime(column.Value);
                else if (string.Equals(column.Key, table.Source.CallIdColumn, StringComparison.OrdinalIgnoreCase)
                    && column.Value != null) CallId = Convert.ToInt64(column.Value);
                else if (string.Equals(column.Key, "format", StringComparison.OrdinalIgnoreCase)
                    && column.Value != null) Format = Convert.ToString(column.Value);
            }
        }

        /// <summary>The connection allows zero dates, so DATETIME columns arrive as MySqlDateTime.</summary>
        internal static DateTime AsDateTime(object? value)
        {
            switch (value)
            {
                case DateTime time: return time;
                case MySqlDateTime my when my.IsValidDateTime: return my.GetDateTime();
                default: return DateTime.MinValue;
            }
        }

        public long Id { get; }
        public DateTime Time { get; }
        public long? CallId { get; }
        /// <summary>The row's format column; null when the table has none or it is NULL.</summary>
        public string? Format { get; }
        public IReadOnlyList<KeyValuePair<string, object?>> Columns { get; }
    }
}
