using System;
using System.Runtime.InteropServices;
using Rostrvm.Core.Windows;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>
    /// Each scheduled job's outcome in the Windows Application log, source Rostrvm, one event id per
    /// outcome, so monitoring sees a failed night without reading the history files. The source is
    /// registered by Register-RostrvmMaintenanceTask (it needs an administrator); other platforms have
    /// the history and the transcript only.
    /// </summary>
    public static class MaintenanceEventLog
    {
        public const string Source = "Rostrvm";
        public const string LogName = "Application";

        public const int SucceededId = 1000;
        public const int SucceededWithWarningsId = 1001;
        public const int SkippedId = 1002;
        public const int FailedId = 1003;

        /// <summary>The event of a finished job: id and level from its outcome, a message naming job, run and what happened.</summary>
        public static MaintenanceEvent For(MaintenanceHistoryEntry entry)
        {
            var head = $"Rostrvm {entry.RunName} maintenance, job {entry.Job} (run {entry.RunId}, for {entry.RunFor:yyyy-MM-dd HH:mm}): ";
            if (entry.Failed)
                return new MaintenanceEvent(FailedId, MaintenanceEventLevel.Error,
                    head + $"FAILED ({entry.ErrorId}): {entry.ErrorMessage}" + Transcript(entry));
            if (string.Equals(entry.Outcome, MaintenanceOutcome.Skipped, StringComparison.OrdinalIgnoreCase))
                return new MaintenanceEvent(SkippedId, MaintenanceEventLevel.Information, head + "skipped.");
            if (entry.Warnings != null && entry.Warnings.Length > 0)
                return new MaintenanceEvent(SucceededWithWarningsId, MaintenanceEventLevel.Warning,
                    head + $"succeeded with warnings: {string.Join(" ", entry.Warnings)} {entry.Figures}" + Transcript(entry));
            return new MaintenanceEvent(SucceededId, MaintenanceEventLevel.Information, head + $"succeeded. {entry.Figures}");
        }

        /// <summary>
        /// Writes the job's event on Windows when the source is registered; false (and nothing
        /// written) elsewhere or when it is not, so a missing source never fails a job.
        /// </summary>
        public static bool Write(MaintenanceHistoryEntry entry) =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && WindowsEventLog.TryWrite(Source, LogName, For(entry));

        /// <summary>Registers the source in the Application log (Windows, as an administrator); false elsewhere.</summary>
        public static bool Register() => RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && WindowsEventLog.Register(Source, LogName);

        private static string Transcript(MaintenanceHistoryEntry entry) =>
            string.IsNullOrEmpty(entry.TranscriptPath) ? string.Empty : $" Transcript: {entry.TranscriptPath}";
    }
}
