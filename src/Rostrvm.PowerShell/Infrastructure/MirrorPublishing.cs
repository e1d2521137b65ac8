using System;
using System.Collections.Generic;
using System.Linq;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Maintenance;
using Rostrvm.Core.Mirror;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>
    /// Where mirrored files are cached for a restore, and the history entry a failed mirror copy
    /// leaves, so the morning check (Get-RostrvmMaintenanceHistory) sees it even when the job
    /// itself succeeded.
    /// </summary>
    public static class MirrorPublishing
    {
        /// <summary>Where files brought back from sftp mirrors for a restore are kept (owner-only), beside the settings file.</summary>
        public static string CacheRoot(RostrvmSettings settings) =>
            System.IO.Path.Combine(MirrorOptions.SettingsFolder(settings), "mirror-cache");

        /// <summary>One history run per failed mirror copy: the job's own entry stays a success.</summary>
        public static void Record(RostrvmSettings settings, string command, RostrvmException failure)
        {
            var now = DateTime.Now;
            var id = Guid.NewGuid().ToString("N").Substring(0, 8);
            var store = new MaintenanceHistoryStore(MaintenanceHistoryFolder.From(settings).Path);
            store.WriteRun(store.RunFile("Mirror", id, now), new[]
            {
                new MaintenanceHistoryEntry
                {
                    RunId = id, RunName = "Mirror", Job = "MirrorCopy", Command = command, ComputerName = Environment.MachineName,
                    RunFor = now.Date, Start = now, End = now, Outcome = MaintenanceOutcome.Failed,
                    ErrorId = failure.ErrorId, ErrorMessage = failure.Message, ErrorCount = 1,
                },
            });
        }
    }
}
