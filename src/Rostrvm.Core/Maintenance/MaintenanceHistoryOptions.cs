using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>Where the maintenance history is kept: the runs' entries, the mirror failures, and beside it the backup tests.</summary>
    public sealed class MaintenanceHistoryOptions
    {
        private MaintenanceHistoryOptions(string folder) => Folder = folder;

        /// <summary>The history folder: the one given, else HistoryPath (root/maintenance/history).</summary>
        public string Folder { get; }

        /// <summary>The history in <paramref name="folder"/>, or in the settings' HistoryPath when none is given.</summary>
        public static MaintenanceHistoryOptions From(RostrvmSettings settings, string? folder = null) =>
            new MaintenanceHistoryOptions(folder is { Length: > 0 } ? folder : settings.EffectiveHistoryPath);
    }
}
