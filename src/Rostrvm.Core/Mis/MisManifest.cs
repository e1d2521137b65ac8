using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Mis
{
    /// <summary>
    /// <c>ExtractedMIS/&lt;yyyy-MM-dd&gt;/manifest.json</c>: what a day's extract holds, so the
    /// purge can prove a CSV is the one that was written before it deletes anything.
    /// </summary>
    public sealed class MisManifest
    {
        public const string FileName = "manifest.json";
        public const string CsvFormatDescription =
            "RFC 4180, UTF-8 with BOM, CRLF, header row; text always quoted (\"\" is an empty string), NULL is the unquoted word NULL; " +
            "no escape character (load with ESCAPED BY ''); ISO-8601 times in the server's time zone; invariant numbers; binary as hex; " +
                "BIT as integers.";

        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        public int FormatVersion { get; set; } = 1;
        /// <summary>The day, yyyy-MM-dd.</summary>
        public string? Date { get; set; }
        /// <summary>Rows with From &lt;= time &lt; To, server time zone, ISO-8601.</summary>
        public string? From { get; set; }
        public string? To { get; set; }
        public string? TimeZone { get; set; }
        public DateTime ExtractedAtUtc { get; set; }
        public string? Server { get; set; }
        public string? Database { get; set; }
        public string CsvFormat { get; set; } = CsvFormatDescription;
        public List<MisManifestFile> Files { get; set; } = new List<MisManifestFile>();

        public MisManifestFile? Find(string table) =>
            Files.FirstOrDefault(f => string.Equals(f.Table, table, StringComparison.OrdinalIgnoreCase));

        public static string PathIn(string dayFolder) => Path.Combine(dayFolder, FileName);

        /// <summary>The manifest of a day folder, or null if the folder or its manifest does not exist.</summary>
        public static MisManifest? Read(string dayFolder)
        {
            var path = PathIn(dayFolder);
            if (!File.Exists(path)) return null;
            try
            {
                return JsonSerializer.Deserialize<MisManifest>(File.ReadAllText(path), s_json)
                    ?? throw new JsonException("empty document");
            }
            catch (JsonException ex)
            {
                throw new RostrvmException("MisManifestInvalid", FailureKind.InvalidData,
                    $"The MIS manifest '{path}' is not valid JSON ({ex.Message}). Restore it from a copy, or move the day's folder away " +
                        $"and extract the day again.", path, ex);
            }
        }

        /// <summary>Writes the manifest atomically and flushed to disk.</summary>
        public void Write(string dayFolder)
        {
            using (var file = AtomicFile.Create(PathIn(dayFolder)))
            {
                JsonSerializer.Serialize(file.Stream, this, s_json);
                file.Commit();
            }
        }

        /// <summary>
        /// Checks that a table's CSV is exactly the one the manifest describes (present, same
        /// length, same SHA-256); throws naming the file otherwise.
        /// </summary>
        public void Verify(string dayFolder, MisManifestFile entry)
        {
            var path = Path.Combine(dayFolder, entry.File);
            if (!File.Exists(path))
                throw new RostrvmException("MisExtractFileMissing", FailureKind.ObjectNotFound,
                    $"The MIS extract '{path}' listed in the manifest of {Date} is missing, so the rows of {entry.Table} for that day " +
                        $"are not purged. Restore the file from a copy; if it is lost, run Export-RostrvmMis -Date {Date} -Force to " +
                        $"extract what the database still holds.", path);
            var actual = Sha256Of(path);
            if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new RostrvmException("MisExtractModified", FailureKind.InvalidData,
                    $"The MIS extract '{path}' was changed after it was extracted (its SHA-256 is {actual}, the manifest of {Date} says " +
                        $"{entry.Sha256}), so the rows of {entry.Table} for that day are not purged. Restore the original file; if it " +
                        $"cannot be restored, run Export-RostrvmMis -Date {Date} -Force to extract what the database still holds.", path);
        }

        public static string Sha256Of(string path)
        {
            using (var sha = SHA256.Create())
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
                return Hex(sha.ComputeHash(stream));
        }

        public static string Hex(byte[] hash) => BitConverter.ToString(hash).Replace("-", string.Empty).ToLowerInvariant();
    }
}
