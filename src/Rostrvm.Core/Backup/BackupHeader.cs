using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// The metadata line at the top of an .rbk file (docs/ARCHITECTURE.md, file formats):
    /// <c>-- rostrvm-backup: {json}</c>. It names the database, the server, the binlog
    /// coordinates of exactly the snapshot the body was read from, and the tables. Format 2
    /// holds only what is known at the snapshot, so it is written once and the file is hashed
    /// as it is written; the row counts and digests are on the completion line. Format 1 (still
    /// read) carried them here, in a header rewritten in place at the end.
    /// </summary>
    public sealed class BackupHeader
    {
        public const string Marker = "-- rostrvm-backup: ";
        public const int CurrentFormatVersion = 2;
        /// <summary>
        /// The first format with row counts on the completion line and binary values as escaped literals.
        /// </summary>
        public const int CountsOnCompletionLine = 2;

        [JsonPropertyName("format")] public int FormatVersion { get; set; } = CurrentFormatVersion;
        [JsonPropertyName("database")] public string Database { get; set; } = "";
        [JsonPropertyName("flavor")] public string? Flavor { get; set; }
        [JsonPropertyName("serverVersion")] public string? ServerVersion { get; set; }
        [JsonPropertyName("serverId")] public long ServerId { get; set; }
        [JsonPropertyName("host")] public string? Host { get; set; }
        [JsonPropertyName("snapshotUtc")] public DateTime SnapshotTimeUtc { get; set; }
        /// <summary>Empty (or, as read from a file, null) when the server writes no binary log.</summary>
        [JsonPropertyName("binlogFile")] public string? BinlogFile { get; set; }
        [JsonPropertyName("binlogPosition")] public long BinlogPosition { get; set; }
        [JsonPropertyName("gtid")] public string? Gtid { get; set; }
        [JsonPropertyName("binlogFormat")] public string? BinlogFormat { get; set; }
        /// <summary>
        /// How the snapshot was shared: "ConsistentSnapshot", "FlushTablesWithReadLock", "SingleConnection".
        /// </summary>
        [JsonPropertyName("snapshotMethod")] public string? SnapshotMethod { get; set; }
        [JsonPropertyName("digest")] public string DigestAlgorithm { get; set; } = TableDigest.Algorithm;
        [JsonPropertyName("tool")] public string? Tool { get; set; }
        [JsonPropertyName("tables")]
        public List<BackupTableEntry> Tables { get; set; } = new List<BackupTableEntry>();
        [JsonPropertyName("views")] public List<string> Views { get; set; } = new List<string>();
        [JsonPropertyName("routines")] public List<string> Routines { get; set; } = new List<string>();
        [JsonPropertyName("triggers")] public List<string> Triggers { get; set; } = new List<string>();
        [JsonPropertyName("events")] public List<string> Events { get; set; } = new List<string>();

        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        /// <summary>The header line, without the newline.</summary>
        public string ToLine() => Marker + JsonSerializer.Serialize(this, s_json);

        /// <summary>Parses a header line; null when it is not one (a foreign file).</summary>
        public static BackupHeader? TryParse(string? line)
        {
            if (line == null || !line.StartsWith(Marker, StringComparison.Ordinal)) return null;
            try
            {
                var header = JsonSerializer.Deserialize<BackupHeader>(line.Substring(Marker.Length).Trim(), s_json);
                return header != null && header.FormatVersion >= 1 && !string.IsNullOrEmpty(header.Database) ? header : null;
            }
            catch (JsonException) { return null; }
        }

        /// <summary>The comment block and header line exactly as they open the file.</summary>
        internal static string Preamble(BackupHeader header)
        {
            var text = new StringBuilder();
            text.Append("-- Rostrvm backup of database `").Append(header.Database).Append("` from ")
                .Append(header.Flavor).Append(' ').Append(header.ServerVersion).Append('\n');
            text.Append("-- Snapshot ")
                .Append(header.SnapshotTimeUtc.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))
                .Append(" UTC at ")
                .Append(string.IsNullOrEmpty(header.BinlogFile) ? "(binary log off)" : header.BinlogFile + ":" + header.BinlogPosition)
                .Append(string.IsNullOrEmpty(header.Gtid) ? string.Empty : " GTID " + header.Gtid).Append('\n');
            text.Append("-- Load it with: mariadb --database=<name> < file.rbk   (or mysql)\n");
            text.Append("--   compressed: gunzip -c file.rbk.gz | mariadb ...   or   zstd -dc file.rbk.zst | mariadb ...\n");
            text.Append(header.ToLine()).Append('\n');
            return text.ToString();
        }
    }
}
