using System.IO;
using System.Runtime.InteropServices;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>The schedulers a maintenance task can be put on.</summary>
    public static class MaintenanceScheduler
    {
        public const string TaskScheduler = "TaskScheduler";
        public const string Systemd = "Systemd";
        public const string Cron = "Cron";

        /// <summary>systemd is the init system when /run/systemd/system exists (sd_booted).</summary>
        public static bool SystemdRunning => Directory.Exists("/run/systemd/system");

        public static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Task Scheduler on Windows; systemd where it runs; cron otherwise.</summary>
        public static string Detect() => IsWindows ? TaskScheduler : SystemdRunning ? Systemd : Cron;

        public static string? DefaultDirectory(string scheduler) =>
            scheduler == Systemd ? SystemdUnits.DefaultDirectory : scheduler == Cron ? CronFile.DefaultDirectory : null;
    }
}
