using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace Rostrvm.Core.Recordings
{
    /// <summary>One recording in an archive.</summary>
    public sealed class ManifestRecord
    {
        public long Id { get; set; }
        public string Entry { get; set; } = "";
        public DateTime Time { get; set; }
        public long Bytes { get; set; }
        public uint Crc32 { get; set; }
        public string Sha256 { get; set; } = "";
        public bool Stored { get; set; }
        public long? CallId { get; set; }
        public int MisRowCount { get; set; }

        /// <summary>This record as JSON, kept from the moment it was archived; null until then.</summary>
        internal byte[]? Json { get; set; }

        /// <summary>
        /// Serializes the record with its row (column name to value, body excluded) and its MIS
        /// rows (table name to rows). Values: numbers as numbers, times as ISO-8601 text, binary as base64.
        /// </summary>
        internal byte[] Serialize(IReadOnlyList<KeyValuePair<string, object?>>? columns,
            IReadOnlyDictionary<string, List<IReadOnlyList<KeyValuePair<string, object?>>>>? mis)
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("id", Id);
                    writer.WriteString("entry", Entry);
                    writer.WriteString("time", ArchiveManifest.FormatTime(Time));
                    writer.WriteNumber("bytes", Bytes);
                    writer.WriteString("crc32", Crc32.ToString("x8", CultureInfo.InvariantCulture));
                    writer.WriteString("sha256", Sha256);
                    writer.WriteBoolean("stored", Stored);
                    if (CallId.HasValue) writer.WriteNumber("callId", CallId.Value); else writer.WriteNull("callId");
                    if (columns != null)
                    {
                        writer.WritePropertyName("row");
                        WriteRow(writer, columns);
                    }
                    writer.WritePropertyName("mis");
                    writer.WriteStartObject();
                    if (mis != null)
                    {
                        foreach (var table in mis)
                        {
                            writer.WritePropertyName(table.Key);
                            writer.WriteStartArray();
                            foreach (var row in table.Value) WriteRow(writer, row);
                            writer.WriteEndArray();
                        }
                    }
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
                return buffer.ToArray();
            }
        }

        private static void WriteRow(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, object?>> row)
        {
            writer.WriteStartObject();
            foreach (var column in row)
            {
                writer.WritePropertyName(column.Key);
                ColumnValue.Write(writer, column.Value);
            }
            writer.WriteEndObject();
        }
    }
}
