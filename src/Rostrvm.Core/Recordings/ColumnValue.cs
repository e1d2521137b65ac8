using System;
using System.Globalization;
using System.Text.Json;

namespace Rostrvm.Core.Recordings
{
    /// <summary>Database values as JSON, losslessly enough to read back by a person or a script.</summary>
    internal static class ColumnValue
    {
        public static void Write(Utf8JsonWriter writer, object? value)
        {
            switch (value)
            {
                case null: case DBNull _: writer.WriteNullValue(); break;
                case string s: writer.WriteStringValue(s); break;
                case bool b: writer.WriteBooleanValue(b); break;
                case sbyte v: writer.WriteNumberValue(v); break;
                case byte v: writer.WriteNumberValue(v); break;
                case short v: writer.WriteNumberValue(v); break;
                case ushort v: writer.WriteNumberValue(v); break;
                case int v: writer.WriteNumberValue(v); break;
                case uint v: writer.WriteNumberValue(v); break;
                case long v: writer.WriteNumberValue(v); break;
                case ulong v: writer.WriteNumberValue(v); break;
                case decimal v: writer.WriteStringValue(v.ToString(CultureInfo.InvariantCulture)); break;
                case float v: writer.WriteNumberValue(v); break;
                case double v: writer.WriteNumberValue(v); break;
                case DateTime v: writer.WriteStringValue(ArchiveManifest.FormatTime(v)); break;
                case MySqlConnector.MySqlDateTime v when v.IsValidDateTime:
                    writer.WriteStringValue(ArchiveManifest.FormatTime(v.GetDateTime()));
                    break;
                case DateTimeOffset v: writer.WriteStringValue(v.ToString("o", CultureInfo.InvariantCulture)); break;
                case TimeSpan v: writer.WriteStringValue(v.ToString("c", CultureInfo.InvariantCulture)); break;
                case byte[] v: writer.WriteBase64StringValue(v); break;
                case Guid v: writer.WriteStringValue(v.ToString()); break;
                default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }
    }
}
