using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>
    /// The maintenance history: one JSON file per run under the history folder
    /// (<c>&lt;yyyyMMdd-HHmmss&gt;-&lt;run&gt;-&lt;id&gt;.json</c>, an array of entries), rewritten
    /// atomically after every job so a run that dies half-way still shows what it finished.
    /// Files are owner-only (docs/ARCHITECTURE.md, safety rule 7).
    /// </summary>
    public sealed class MaintenanceHistoryStore
    {
        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNameCaseInsensitive = true,
        };

        public MaintenanceHistoryStore(string directory)
        {
            if (string.IsNullOrEmpty(directory)) throw new ArgumentNullException(nameof(directory));
            Directory = Path.GetFullPath(directory);
        }

        public string Directory { get; }

        /// <summary>The file a run's entries go to.</summary>
        public string RunFile(string runName, string runId, DateTime start) =>
            Path.Combine(Directory, string.Format(CultureInfo.InvariantCulture, "{0:yyyyMMdd-HHmmss}-{1}-{2}.json", start, Safe(runName),
                Safe(runId)));

        /// <summary>Writes all entries of a run so far, replacing the run's file in one rename.</summary>
        public void WriteRun(string runFile, IReadOnlyList<MaintenanceHistoryEntry> entries)
        {
            try
            {
                FilePermissions.CreateOwnerOnlyFolder(Directory);
                var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entries, s_json));
                using (var file = AtomicFile.Create(runFile, ownerOnly: true))
                {
                    file.Stream.Write(bytes, 0, bytes.Length);
                    file.Flush();
                    if (new FileInfo(file.TemporaryPath).Length != bytes.Length)
                        throw new IOException($"The history file '{file.TemporaryPath}' is shorter than what was written.");
                    file.Commit();
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new RostrvmException("MaintenanceHistoryWriteFailed", FailureKind.WriteError,
                    $"Could not write the maintenance history '{runFile}': {ex.Message} Make the history folder writable (HistoryPath " +
                        $"setting).", runFile, ex);
            }
        }

        /// <summary>Every entry on record, newest first. Unreadable files are reported, not fatal.</summary>
        public IReadOnlyList<MaintenanceHistoryEntry> ReadAll(Action<string>? warn = null)
        {
            var entries = new List<MaintenanceHistoryEntry>();
            if (!System.IO.Directory.Exists(Directory)) return entries;
            foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
            {
                try
                {
                    var run = JsonSerializer.Deserialize<MaintenanceHistoryEntry[]>(File.ReadAllText(file, Encoding.UTF8), s_json);
                    if (run != null) entries.AddRange(run.Where(e => e != null));
                }
                catch (Exception ex) when (ex is JsonException || ex is IOException || ex is UnauthorizedAccessException)
                {
                    warn?.Invoke($"The history file '{file}' could not be read ({ex.Message}); it is ignored.");
                }
            }
            return entries.OrderByDescending(e => e.Start).ThenBy(e => e.Job, StringComparer.OrdinalIgnoreCase).ToList();
        }

        /// <summary>
        /// The morning check: without a period, the last run of each job (of each run name);
        /// with days, every entry that started within that many days of now. Failed keeps failures.
        /// </summary>
        public static IEnumerable<MaintenanceHistoryEntry> Select(IEnumerable<MaintenanceHistoryEntry> entries, DateTime now,
            int? days = null, bool failedOnly = false, ICollection<string>? jobs = null, ICollection<string>? runNames = null)
        {
            var selected = entries;
            if (jobs != null && jobs.Count > 0) selected = selected.Where(e => jobs.Contains(e.Job, StringComparer.OrdinalIgnoreCase));
            if (runNames != null && runNames.Count > 0) selected = selected.Where(e =>
                runNames.Contains(e.RunName, StringComparer.OrdinalIgnoreCase));
            if (days.HasValue)
            {
                var since = now.AddDays(-days.Value);
                selected = selected.Where(e => e.Start >= since);
            }
            else
            {
                selected = selected
                    .GroupBy(e => (e.RunName ?? string.Empty).ToUpperInvariant() + "/" + (e.Job ?? string.Empty).ToUpperInvariant())
                    .Select(g => g.OrderByDescending(e => e.Start).First());
            }
            if (failedOnly) selected = selected.Where(e => e.Failed);
            return selected.OrderByDescending(e => e.Start).ThenBy(e => e.RunName, StringComparer.OrdinalIgnoreCase)
                .ThenBy(e => e.Job, StringComparer.OrdinalIgnoreCase);
        }

        private static string Safe(string value)
        {
            var builder = new StringBuilder();
            foreach (var c in value ?? string.Empty) builder.Append(char.IsLetterOrDigit(c) || c == '-' ? c : '_');
            return builder.Length == 0 ? "run" : builder.ToString();
        }
    }
}
