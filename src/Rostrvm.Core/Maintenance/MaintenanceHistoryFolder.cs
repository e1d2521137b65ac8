using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>Where the maintenance history is kept: the runs' entries, the mirror failures, and beside it the backup tests.</summary>
    public sealed class MaintenanceHistoryFolder
    {
        private MaintenanceHistoryFolder(string path) => Path = path;

        /// <summary>The history folder: the one given, else HistoryPath (root/maintenance/history).</summary>
        public string Path { get; }

        /// <summary><paramref name="folder"/>, or the settings' HistoryPath when none is given.</summary>
        public static MaintenanceHistoryFolder From(RostrvmSettings settings, string? folder = null) =>
            new MaintenanceHistoryFolder(folder is { Length: > 0 } ? folder : settings.EffectiveHistoryPath);
    }
}
