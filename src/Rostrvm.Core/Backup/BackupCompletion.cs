using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// The last line of a complete .rbk: <c>-- rostrvm-backup-complete: {json}</c>. In format 2 it
    /// also carries each table's rows and digest, known only once the last row is written.
    /// </summary>
    public sealed class BackupCompletion
    {
        public const string Marker = "-- rostrvm-backup-complete: ";

        [JsonPropertyName("rows")] public long Rows { get; set; }
        /// <summary>Uncompressed bytes before the completion line.</summary>
        [JsonPropertyName("bytes")] public long Bytes { get; set; }
        /// <summary>SHA-256 (hex) of those bytes.</summary>
        [JsonPropertyName("sha256")] public string Sha256 { get; set; } = "";
        [JsonPropertyName("tables")] public int Tables { get; set; }
        [JsonPropertyName("completedUtc")] public DateTime CompletedUtc { get; set; }
        [JsonPropertyName("seconds")] public double DurationSeconds { get; set; }
        /// <summary>Rows and digest per table (format 2; null in format 1, whose header has them).</summary>
        [JsonPropertyName("perTable")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public List<BackupTableEntry>? TableEntries { get; set; }

        public string ToLine() => Marker + JsonSerializer.Serialize(this);

        /// <summary>
        /// The rows and digest of every table: from this line in format 2, from the header in
        /// format 1. Null when a format-2 line lacks them (a damaged file).
        /// </summary>
        public List<BackupTableEntry>? TablesOf(BackupHeader header) =>
            header.FormatVersion >= BackupHeader.CountsOnCompletionLine ? TableEntries : header.Tables;

        public static BackupCompletion? TryParse(string? line)
        {
            if (line == null || !line.StartsWith(Marker, StringComparison.Ordinal)) return null;
            try
            {
                var completion = JsonSerializer.Deserialize<BackupCompletion>(line.Substring(Marker.Length).Trim());
                return completion != null && completion.Sha256 != null && completion.Sha256.Length == 64 ? completion : null;
            }
            catch (JsonException) { return null; }
        }
    }
}
