using System;
using System.IO;
using System.Text;
using System.Text.Json;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Recoverability
{
    /// <summary>
    /// The backup tests on record: one small JSON file per tested backup under
    /// &lt;root&gt;/maintenance/backup-tests, named by the backup's SHA-256. Test-RostrvmBackup
    /// writes it; Test-RostrvmRecoverability reads it to tell a proven backup from an untested one.
    /// A marker rather than the maintenance history, because interactive tests leave no history.
    /// </summary>
    public sealed class BackupTestLedger
    {
        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions { WriteIndented = true,
            PropertyNameCaseInsensitive = true };

        public BackupTestLedger(string directory)
        {
            if (string.IsNullOrEmpty(directory)) throw new ArgumentNullException(nameof(directory));
            Directory = Path.GetFullPath(directory);
        }

        public string Directory { get; }

        /// <summary>The ledger beside the maintenance history (HistoryPath's parent folder).</summary>
        public static BackupTestLedger ForHistory(string historyPath)
        {
            var parent = Path.GetDirectoryName(Path.GetFullPath(historyPath).TrimEnd(Path.DirectorySeparatorChar,
                Path.AltDirectorySeparatorChar));
            return new BackupTestLedger(Path.Combine(parent ?? historyPath, "backup-tests"));
        }

        /// <summary>The ledger of the settings: beside the maintenance history (HistoryPath).</summary>
        public static BackupTestLedger From(Configuration.RostrvmSettings settings) =>
            ForHistory(Maintenance.MaintenanceHistoryFolder.From(settings).Path);

        private string FileOf(string sha256) => Path.Combine(Directory, sha256.ToLowerInvariant() + ".json");

        /// <summary>Records a test, replacing an earlier one of the same backup (owner-only, atomic).</summary>
        public void Record(BackupTestRecord record)
        {
            if (!(record?.Sha256 is { Length: > 0 } sha256)) throw new ArgumentException("A test record needs the backup's SHA-256.",
                nameof(record));
            System.IO.Directory.CreateDirectory(Directory);
            var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, s_json));
            using (var file = AtomicFile.Create(FileOf(sha256), ownerOnly: true))
            {
                file.Stream.Write(bytes, 0, bytes.Length);
                file.Flush();
                file.Commit();
            }
        }

        /// <summary>Records what Test-RostrvmBackup found for the backup file at <paramref name="backupPath"/>; false when the file has no
        /// completion line to key it by.</summary>
        public bool Record(string backupPath, Backup.BackupTestResult result)
        {
            var completion = Backup.BackupCatalog.ReadCompletion(backupPath);
            if (completion == null || string.IsNullOrEmpty(completion.Sha256)) return false;
            Record(new BackupTestRecord
            {
                Sha256 = completion.Sha256,
                BackupName = Path.GetFileName(backupPath),
                TestedAtUtc = DateTime.UtcNow,
                Passed = result.Passed,
                Bytes = completion.Bytes,
                Rows = result.Rows,
                LoadSeconds = result.LoadDuration.TotalSeconds,
            });
            return true;
        }

        /// <summary>The last test of the backup with this SHA-256, or null when it was never tested (or the record is
        /// unreadable).</summary>
        public BackupTestRecord? Find(string? sha256)
        {
            if (sha256 is null || sha256.Length == 0) return null;
            var path = FileOf(sha256);
            if (!File.Exists(path)) return null;
            try
            {
                var record = JsonSerializer.Deserialize<BackupTestRecord>(File.ReadAllText(path, Encoding.UTF8), s_json);
                return record != null && string.Equals(record.Sha256, sha256, StringComparison.OrdinalIgnoreCase) ? record : null;
            }
            catch (Exception ex) when (ex is JsonException || ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
