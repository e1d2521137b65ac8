using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Jobs;
using Rostrvm.Core.Recordings;

namespace Rostrvm.Core.Storage
{
    /// <summary>
    /// Space used by the database, binlogs, backups, MIS extracts, logs and archives; free space on
    /// each volume; growth per day over the last weeks; days until full; hours of recording the free
    /// space holds. Warns when a volume is under the configured free percentage or will fill within
    /// the configured number of days.
    /// </summary>
    public sealed class StorageReporter
    {
        /// <summary>Product documentation: about 1,000 hours of recording per GB.</summary>
        public const double RecordingHoursPerGB = 1000;

        private readonly RostrvmSettings _settings;
        private readonly IJobReporter _reporter;

        public StorageReporter(RostrvmSettings settings, IJobReporter? reporter)
        {
            _settings = settings;
            _reporter = reporter ?? SilentReporter.Instance;
        }

        /// <summary>Window over which growth is measured.</summary>
        public int GrowthDays { get; set; } = 28;

        public async Task<List<StorageUsage>> ReportAsync(ConnectionOptions? connection, CancellationToken token)
        {
            var now = DateTime.Now;
            var usages = new List<StorageUsage>();
            string? binlogFolder = _settings.BinlogPath;
            if (connection != null)
            {
                try
                {
                    using (var database = await ConnectionFactory.OpenAsync(connection, true, token).ConfigureAwait(false))
                    {
                        var info = await ServerInfo.ReadAsync(database, token).ConfigureAwait(false);
                        usages.Add(await DatabaseUsageAsync(database, info, now, token).ConfigureAwait(false));
                        binlogFolder = BinlogLocations.Resolve(_settings, info).ServerFolder;
                        if (string.IsNullOrEmpty(binlogFolder) || !Directory.Exists(binlogFolder))
                            usages.Add(await ServerBinlogUsageAsync(database, binlogFolder, token).ConfigureAwait(false));
                    }
                }
                catch (RostrvmException ex)
                {
                    _reporter.Warning($"The database part of the storage report is missing: {ex.Message}");
                }
            }
            if (binlogFolder is { Length: > 0 } && Directory.Exists(binlogFolder) && !usages.Any(u => u.Component == "Binlogs"))
                usages.Add(FolderUsage("Binlogs", binlogFolder, now, file => IsBinlog(file), null));

            var binlogBackups = Path.GetFullPath(_settings.EffectiveBinlogBackupPath);
            usages.Add(FolderUsage("Backups", _settings.EffectiveBackupPath, now, null, binlogBackups));
            usages.Add(FolderUsage("BinlogBackups", binlogBackups, now, null, null));
            usages.Add(FolderUsage("MisExtracts", _settings.EffectiveMisExtractPath, now, null, null));
            usages.Add(FolderUsage("Logs", _settings.EffectiveLogPath, now, null, null));
            usages.Add(FolderUsage("Archives", _settings.EffectiveArchivePath, now,
                f => f.EndsWith(ArchiveName.Extension, StringComparison.OrdinalIgnoreCase), null));

            foreach (var volume in usages.Where(u => !string.IsNullOrEmpty(u.Volume)).GroupBy(u => u.Volume))
            {
                var growth = volume.Sum(u => u.GrowthBytesPerDay);
                var first = volume.First();
                double? days = growth > 0 ? first.VolumeFreeBytes / (double)growth : (double?)null;
                string? warning = null;
                if (first.VolumeFreePercent < _settings.StorageWarningPercent)
                    warning = $"Volume '{volume.Key}' has {first.VolumeFreePercent:N1}% free ({Gb(first.VolumeFreeBytes)}), under " +
                        $"the {_settings.StorageWarningPercent}% threshold";
                if (days.HasValue && days.Value < _settings.StorageWarningDays)
                    warning = (warning == null ? $"Volume '{volume.Key}'" : warning + ", and it") +
                        $" will be full in {days.Value:N0} days at {Gb(growth)} a day (threshold {_settings.StorageWarningDays} days)";
                foreach (var usage in volume)
                {
                    usage.VolumeGrowthBytesPerDay = growth;
                    usage.DaysUntilFull = days.HasValue ? Math.Round(days.Value, 1) : (double?)null;
                    usage.Warning = warning ?? string.Empty;
                }
                if (warning != null)
                    _reporter.Warning($"{warning}. It holds: {string.Join(", ", volume.Select(u => u.Component))}. Free space now holds " +
                        $"about {first.FreeRecordingHours:N0} hours of recording.");
            }
            return usages;
        }

        private static string Gb(long bytes) => (bytes / 1073741824.0).ToString("N2", CultureInfo.InvariantCulture) + " GB";

        private static bool IsBinlog(string file)
        {
            var extension = Path.GetExtension(file).TrimStart('.');
            return extension.Length == 6 && extension.All(char.IsDigit) || file.EndsWith(".index", StringComparison.OrdinalIgnoreCase);
        }

        private StorageUsage FolderUsage(string component, string path, DateTime now, Func<string, bool>? include, string? exclude)
        {
            var usage = new StorageUsage { Component = component, Path = path, MeasuredAt = now };
            var since = now.AddDays(-GrowthDays);
            long recent = 0;
            if (!string.IsNullOrEmpty(path) && Directory.Exists(path))
            {
                foreach (var file in EnumerateFiles(path, exclude))
                {
                    if (include != null && !include(file.FullName)) continue;
                    usage.UsedBytes += file.Length;
                    usage.Files++;
                    if (file.LastWriteTime >= since) recent += file.Length;
                }
            }
            usage.GrowthBytesPerDay = recent / Math.Max(1, GrowthDays);
            SetVolume(usage, path);
            return usage;
        }

        private static IEnumerable<FileInfo> EnumerateFiles(string root, string? exclude)
        {
            var pending = new Stack<DirectoryInfo>();
            pending.Push(new DirectoryInfo(root));
            while (pending.Count > 0)
            {
                var directory = pending.Pop();
                if (exclude != null && string.Equals(directory.FullName.TrimEnd(Path.DirectorySeparatorChar),
                    exclude.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal)) continue;
                FileInfo[] files;
                DirectoryInfo[] children;
                try { files = directory.GetFiles(); children = directory.GetDirectories(); }
                catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException) { continue; }
                foreach (var file in files) yield return file;
                foreach (var child in children) pending.Push(child);
            }
        }

        /// <summary>The mount point holding the path (the deepest one that is a prefix of it).</summary>
        internal static void SetVolume(StorageUsage usage, string path)
        {
            if (string.IsNullOrEmpty(path)) return;
            var full = Path.GetFullPath(path);
            while (!Directory.Exists(full))
            {
                var parent = Path.GetDirectoryName(full);
                if (string.IsNullOrEmpty(parent) || parent == full) return;
                full = parent;
            }
            DriveInfo? best = null;
            foreach (var drive in DriveInfo.GetDrives())
            {
                string root;
                try { if (!drive.IsReady) continue; root = drive.RootDirectory.FullName; }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { continue; }
                var prefix = root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? root
                    : root + Path.DirectorySeparatorChar;
                var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                if ((full + Path.DirectorySeparatorChar).StartsWith(prefix, comparison)
                    && (best == null || root.Length > best.RootDirectory.FullName.Length))
                    best = drive;
            }
            if (best == null) return;
            try
            {
                usage.Volume = best.RootDirectory.FullName;
                usage.VolumeSizeBytes = best.TotalSize;
                usage.VolumeFreeBytes = best.AvailableFreeSpace;
                usage.VolumeFreePercent = best.TotalSize > 0 ? Math.Round(100.0 * best.AvailableFreeSpace / best.TotalSize, 2) : 0;
                usage.FreeRecordingHours = Math.Round(best.AvailableFreeSpace / 1073741824.0 * RecordingHoursPerGB, 1);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { usage.Volume = null; }
        }

        private async Task<StorageUsage> DatabaseUsageAsync(MySqlConnection database, ServerInfo info, DateTime now,
            CancellationToken token)
        {
            var usage = new StorageUsage { Component = "Database", Path = database.Database, MeasuredAt = now };
            using (var command = new MySqlCommand(
                "SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0), COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
                    "DATABASE()", database))
            using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
            {
                await reader.ReadAsync(token).ConfigureAwait(false);
                usage.UsedBytes = Convert.ToInt64(reader.GetValue(0));
                usage.Files = Convert.ToInt32(reader.GetValue(1));
            }
            usage.GrowthBytesPerDay = await DatabaseGrowthAsync(database, now, token).ConfigureAwait(false);
            // The data directory is only measurable when the server runs on this machine.
            var datadir = Path.Combine(info.DataDirectory ?? string.Empty, database.Database);
            if (!string.IsNullOrEmpty(info.DataDirectory) && Directory.Exists(datadir))
            {
                usage.Path = datadir;
                SetVolume(usage, datadir);
            }
            return usage;
        }

        /// <summary>
        /// What enters the database per day: the recordings' bodies and the MIS rows written over the
        /// window, from their own time columns (the files of a database say nothing about growth).
        /// </summary>
        private async Task<long> DatabaseGrowthAsync(MySqlConnection database, DateTime now, CancellationToken token)
        {
            var since = now.AddDays(-GrowthDays);
            long bytes = 0;
            var columns = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
            var rowLength = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            using (var command = new MySqlCommand(
                "SELECT c.TABLE_NAME, c.COLUMN_NAME, t.AVG_ROW_LENGTH FROM information_schema.COLUMNS c JOIN information_schema.TABLES t " +
                    "ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME WHERE c.TABLE_SCHEMA = DATABASE()", database))
            using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    var table = reader.GetString(0);
                    if (!columns.TryGetValue(table, out var set))
                        columns[table] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    set.Add(reader.GetString(1));
                    rowLength[table] = reader.IsDBNull(2) ? 0 : Convert.ToInt64(reader.GetValue(2));
                }
            }
            foreach (var source in _settings.EffectiveRecordingSources.Values)
            {
                // A source without a table or time column has no rows to measure.
                if (source.Table == null || source.TimeColumn == null
                    || !columns.TryGetValue(source.Table, out var set) || !set.Contains(source.TimeColumn)) continue;
                // Nor does one without a body column (unless the table keeps the sizes).
                var size = set.Contains("body_size") ? "body_size"
                    : source.BodyColumn is { } body ? $"LENGTH({RecordingTable.Q(body)})" : null;
                if (size == null) continue;
                bytes += await ScalarAsync(database, $"SELECT COALESCE(SUM({size}), 0) FROM {RecordingTable.Q(source.Table)} " +
                    $"WHERE {RecordingTable.Q(source.TimeColumn)} >= @since", since, token).ConfigureAwait(false);
            }
            foreach (var mis in _settings.EffectiveMisTables)
            {
                if (!columns.TryGetValue(mis.Key, out var set) || !set.Contains(mis.Value)) continue;
                var rows = await ScalarAsync(database, $"SELECT COUNT(*) FROM {RecordingTable.Q(mis.Key)} " +
                    $"WHERE {RecordingTable.Q(mis.Value)} >= @since", since, token).ConfigureAwait(false);
                bytes += rows * rowLength[mis.Key];
            }
            return bytes / Math.Max(1, GrowthDays);
        }

        private static async Task<long> ScalarAsync(MySqlConnection database, string sql, DateTime since, CancellationToken token)
        {
            using (var command = new MySqlCommand(sql, database))
            {
                command.Parameters.AddWithValue("@since", since);
                return Convert.ToInt64(await command.ExecuteScalarAsync(token).ConfigureAwait(false));
            }
        }

        /// <summary>Binlogs of a remote server: sizes from SHOW BINARY LOGS, no volume.</summary>
        private async Task<StorageUsage> ServerBinlogUsageAsync(MySqlConnection database, string? folder, CancellationToken token)
        {
            var usage = new StorageUsage { Component = "Binlogs", Path = folder ?? "(server)", MeasuredAt = DateTime.Now };
            try
            {
                using (var command = new MySqlCommand("SHOW BINARY LOGS", database))
                using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                    {
                        usage.UsedBytes += Convert.ToInt64(reader.GetValue(1));
                        usage.Files++;
                    }
                }
            }
            catch (MySqlException ex)
            {
                _reporter.Warning($"Binlog sizes are unknown: the server refused SHOW BINARY LOGS ({ex.Message}). Grant BINLOG MONITOR " +
                    $"(MariaDB) or REPLICATION CLIENT (MySQL).");
            }
            return usage;
        }
    }
}
