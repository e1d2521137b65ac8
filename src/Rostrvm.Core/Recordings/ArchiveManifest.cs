using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// <c>manifest.json</c> of an .sdb archive: what the archive holds (kind, table, time range) and,
    /// for every recording, its entry name, size, CRC-32, SHA-256, its database row without the body
    /// and its MIS rows. It is the last entry written, so an archive whose manifest reads back is
    /// complete. Each record is serialized once, when it is archived, and the bytes reused.
    /// </summary>
    public sealed class ArchiveManifest
    {
        public const string EntryName = "manifest.json";
        public const string FormatName = "rostrvm-recording-archive";
        public const int FormatVersion = 1;

        public string Kind { get; set; } = "";
        /// <summary>The table and database the recordings came from; null in a manifest that does not name them.</summary>
        public string? Table { get; set; }
        public string? Database { get; set; }
        public DateTime CreatedUtc { get; set; }
        public DateTime From { get; set; }
        public DateTime To { get; set; }
        public List<ManifestRecord> Recordings { get; } = new List<ManifestRecord>();

        public long TotalBytes
        {
            get { long total = 0; foreach (var r in Recordings) total += r.Bytes; return total; }
        }

        internal static string FormatTime(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

        /// <summary>Writes the whole manifest: the header, then each record's stored JSON.</summary>
        public void WriteTo(Stream output)
        {
            using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, SkipValidation = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("format", FormatName);
                writer.WriteNumber("version", FormatVersion);
                writer.WriteString("kind", Kind);
                writer.WriteString("table", Table);
                writer.WriteString("database", Database);
                writer.WriteString("createdUtc", CreatedUtc.ToString("o", CultureInfo.InvariantCulture));
                writer.WriteString("from", FormatTime(From));
                writer.WriteString("to", FormatTime(To));
                writer.WriteNumber("count", Recordings.Count);
                writer.WriteNumber("bytes", TotalBytes);
                writer.WritePropertyName("recordings");
                writer.WriteStartArray();
                writer.Flush();
                var first = true;
                foreach (var record in Recordings)
                {
                    if (!first) output.WriteByte((byte)',');
                    first = false;
                    var json = record.Json ?? record.Serialize(null, null);
                    output.Write(json, 0, json.Length);
                }
                output.Write(new[] { (byte)']', (byte)'}' }, 0, 2);
            }
        }

        public static ArchiveManifest Read(Stream input)
        {
            using (var document = JsonDocument.Parse(input, new JsonDocumentOptions { MaxDepth = 256 }))
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format)
                    || format.GetString() != FormatName)
                    throw new InvalidDataException("manifest.json is not a rostrvm recording archive manifest.");
                var manifest = new ArchiveManifest
                {
                    Kind = Required(root, "kind"),
                    Table = root.TryGetProperty("table", out var table) ? table.GetString() : null,
                    Database = root.TryGetProperty("database", out var database) ? database.GetString() : null,
                    CreatedUtc = DateTime.Parse(Required(root, "createdUtc"), CultureInfo.InvariantCulture,
                        DateTimeStyles.RoundtripKind),
                    From = ParseTime(Required(root, "from")),
                    To = ParseTime(Required(root, "to")),
                };
                foreach (var item in root.GetProperty("recordings").EnumerateArray())
                {
                    manifest.Recordings.Add(new ManifestRecord
                    {
                        Id = item.GetProperty("id").GetInt64(),
                        Entry = Required(item, "entry"),
                        Time = ParseTime(Required(item, "time")),
                        Bytes = item.GetProperty("bytes").GetInt64(),
                        Crc32 = uint.Parse(Required(item, "crc32"), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                        Sha256 = Required(item, "sha256"),
                        Stored = item.TryGetProperty("stored", out var stored) && stored.GetBoolean(),
                        CallId = item.TryGetProperty("callId", out var call)
                            && call.ValueKind == JsonValueKind.Number ? call.GetInt64() : (long?)null,
                        MisRowCount = item.TryGetProperty("mis", out var mis) && mis.ValueKind == JsonValueKind.Object ? CountRows(mis) : 0,
                    });
                }
                return manifest;
            }
        }

        /// <summary>
        /// A text the manifest must hold. A JSON null is as damaged as a missing property
        /// (KeyNotFoundException) or a number (InvalidOperationException): the archive is unreadable.
        /// </summary>
        private static string Required(JsonElement element, string name) =>
            element.GetProperty(name).GetString() ?? throw new InvalidDataException($"manifest.json has null for '{name}'.");

        private static int CountRows(JsonElement mis)
        {
            var count = 0;
            foreach (var table in mis.EnumerateObject()) count += table.Value.GetArrayLength();
            return count;
        }

        internal static DateTime ParseTime(string value) =>
            DateTime.ParseExact(value, "yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture, DateTimeStyles.None);
    }
}
