#nullable disable
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
        /// <summary>The first format with row counts on the completion line and binary values as escaped literals.</summary>
        public const int CountsOnCompletionLine = 2;

        [JsonPropertyName("format")] public int FormatVersion { get; set; } = CurrentFormatVersion;
        [JsonPropertyName("database")] public string Database { get; set; }
        [JsonPropertyName("flavor")] public string Flavor { get; set; }
        [JsonPropertyName("serverVersion")] public string ServerVersion { get; set; }
        [JsonPropertyName("serverId")] public long ServerId { get; set; }
        [JsonPropertyName("host")] public string Host { get; set; }
        [JsonPropertyName("snapshotUtc")] public DateTime SnapshotTimeUtc { get; set; }
        [JsonPropertyName("binlogFile")] public string BinlogFile { get; set; }
        [JsonPropertyName("binlogPosition")] public long BinlogPosition { get; set; }
        [JsonPropertyName("gtid")] public string Gtid { get; set; }
        [JsonPropertyName("binlogFormat")] public string BinlogFormat { get; set; }
        /// <summary>How the snapshot was shared: "ConsistentSnapshot", "FlushTablesWithReadLock", "SingleConnection".</summary>
        [JsonPropertyName("snapshotMethod")] public string SnapshotMethod { get; set; }
        [JsonPropertyName("digest")] public string DigestAlgorithm { get; set; } = TableDigest.Algorithm;
        [JsonPropertyName("tool")] public string Tool { get; set; }
        [JsonPropertyName("tables")] public List<BackupTableEntry> Tables { get; set; } = new List<BackupTableEntry>();
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
        public static BackupHeader TryParse(string line)
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
            text.Append("-- Snapshot ").Append(header.SnapshotTimeUtc.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))
                .Append(" UTC at ").Append(string.IsNullOrEmpty(header.BinlogFile) ? "(binary log off)" : header.BinlogFile + ":" + header.BinlogPosition)
                .Append(string.IsNullOrEmpty(header.Gtid) ? string.Empty : " GTID " + header.Gtid).Append('\n');
            text.Append("-- Load it with: mariadb --database=<name> < file.rbk   (or mysql; gunzip -c file.rbk.gz | mariadb ...)\n");
            text.Append(header.ToLine()).Append('\n');
            return text.ToString();
        }
    }

    /// <summary>
    /// One table of a backup: in the header its name and chunks; on the completion line (format 2;
    /// in the header in format 1) the rows and the row digest recorded at dump time.
    /// </summary>
    public sealed class BackupTableEntry
    {
        [JsonPropertyName("name")] public string Name { get; set; }
        /// <summary>Left out when 0: the header of format 2 has no counts, and an empty table on the completion line reads as 0.</summary>
        [JsonPropertyName("rows")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public long Rows { get; set; }
        /// <summary>Order-independent digest of the rows as written (see <see cref="TableDigest"/>), 16 hex digits.</summary>
        [JsonPropertyName("digest")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string Digest { get; set; }
        [JsonPropertyName("chunks")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public int Chunks { get; set; }
    }

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
        [JsonPropertyName("sha256")] public string Sha256 { get; set; }
        [JsonPropertyName("tables")] public int Tables { get; set; }
        [JsonPropertyName("completedUtc")] public DateTime CompletedUtc { get; set; }
        [JsonPropertyName("seconds")] public double DurationSeconds { get; set; }
        /// <summary>Rows and digest per table (format 2; null in format 1, whose header has them).</summary>
        [JsonPropertyName("perTable")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public List<BackupTableEntry> TableEntries { get; set; }

        public string ToLine() => Marker + JsonSerializer.Serialize(this);

        /// <summary>
        /// The rows and digest of every table: from this line in format 2, from the header in
        /// format 1. Null when a format-2 line lacks them (a damaged file).
        /// </summary>
        public List<BackupTableEntry> TablesOf(BackupHeader header) =>
            header.FormatVersion >= BackupHeader.CountsOnCompletionLine ? TableEntries : header.Tables;

        public static BackupCompletion TryParse(string line)
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
