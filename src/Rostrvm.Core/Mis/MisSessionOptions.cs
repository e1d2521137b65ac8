using System.Collections.Generic;
using System.Linq;
using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Mis
{
    /// <summary>What the MIS session of Export-RostrvmMis or Invoke-RostrvmMisPurge works on: tables, extract folder, lock
    /// timeout.</summary>
    public sealed class MisSessionOptions
    {
        private MisSessionOptions(IReadOnlyDictionary<string, string> configuredTables, IReadOnlyList<string>? onlyTables,
            string extractRoot, int lockTimeoutSeconds)
        {
            ConfiguredTables = configuredTables;
            OnlyTables = onlyTables;
            ExtractRoot = extractRoot;
            LockTimeoutSeconds = lockTimeoutSeconds;
        }

        /// <summary>The MIS tables of the settings (MisTables): table name -> its date column.</summary>
        public IReadOnlyDictionary<string, string> ConfiguredTables { get; }

        /// <summary>Only these of the configured tables; null for all of them.</summary>
        public IReadOnlyList<string>? OnlyTables { get; }

        /// <summary>The extract folder: the one given, else MisExtractPath (root/ExtractedMIS).</summary>
        public string ExtractRoot { get; }

        /// <summary>How long to wait for another run's lock on the database (LockTimeoutSeconds).</summary>
        public int LockTimeoutSeconds { get; }

        /// <summary>The tables the session reads, by name; a table given that is not configured is MisTableNotConfigured.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Tables() => MisSession.SelectTables(ConfiguredTables, OnlyTables);

        /// <summary>
        /// A session as the settings describe it; <paramref name="onlyTables"/> limits the configured tables,
        /// <paramref name="extractPath"/>, when given, overrides MisExtractPath.
        /// </summary>
        public static MisSessionOptions From(RostrvmSettings settings, IEnumerable<string>? onlyTables = null,
            string? extractPath = null) =>
            new MisSessionOptions(settings.EffectiveMisTables, onlyTables?.ToList(),
                extractPath is { Length: > 0 } given ? given : settings.EffectiveMisExtractPath, settings.LockTimeoutSeconds);
    }
}
