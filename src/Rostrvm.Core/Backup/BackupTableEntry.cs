using System.Text.Json.Serialization;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// One table of a backup: in the header its name and chunks; on the completion line (format 2;
    /// in the header in format 1) the rows and the row digest recorded at dump time.
    /// </summary>
    public sealed class BackupTableEntry
    {
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        /// <summary>
        /// Left out when 0: the header of format 2 has no counts, and an empty table on the completion line reads as 0.
        /// </summary>
        [JsonPropertyName("rows")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public long Rows { get; set; }
        /// <summary>
        /// Order-independent digest of the rows as written (see <see cref="TableDigest"/>), 16 hex digits; null in the header
        /// of format 2, which has none.
        /// </summary>
        [JsonPropertyName("digest")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Digest { get; set; }
        [JsonPropertyName("chunks")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public int Chunks { get; set; }
    }
}
