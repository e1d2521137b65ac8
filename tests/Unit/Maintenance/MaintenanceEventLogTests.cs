using System;
using System.Linq;
using Rostrvm.Core.Maintenance;
using Xunit;

namespace Rostrvm.Tests.Unit.Maintenance
{
    public class MaintenanceEventLogTests
    {
        private static MaintenanceHistoryEntry Entry(string outcome, string[]? warnings = null) => new MaintenanceHistoryEntry
        {
            RunId = "7f3a", RunName = "Nightly", Job = "BinlogBackup", RunFor = new DateTime(2026, 12, 3, 2, 0, 0), Outcome = outcome,
            Warnings = warnings ?? new string[0], Figures = "3 files", TranscriptPath = @"C:\rostrvm\logs\RostrvmMaintenance.log",
            ErrorId = outcome == MaintenanceOutcome.Failed ? "ServerUnreachable" : null,
            ErrorMessage = outcome == MaintenanceOutcome.Failed ? "The server localhost:3308 does not answer." : null,
        };

        [Fact]
        public void Each_outcome_has_its_own_event_id_and_level()
        {
            var events = new[]
            {
                MaintenanceEventLog.For(Entry(MaintenanceOutcome.Succeeded)),
                MaintenanceEventLog.For(Entry(MaintenanceOutcome.Succeeded, new[] { "Disk D: has 8% free." })),
                MaintenanceEventLog.For(Entry(MaintenanceOutcome.Skipped)),
                MaintenanceEventLog.For(Entry(MaintenanceOutcome.Failed)),
            };
            Assert.Equal(new[] { 1000, 1001, 1002, 1003 }, events.Select(e => e.EventId));
            Assert.Equal(new[] { MaintenanceEventLevel.Information, MaintenanceEventLevel.Warning, MaintenanceEventLevel.Information,
                MaintenanceEventLevel.Error }, events.Select(e => e.Level));
        }

        [Fact]
        public void A_failure_names_the_run_the_job_the_error_id_and_the_transcript()
        {
            var message = MaintenanceEventLog.For(Entry(MaintenanceOutcome.Failed)).Message;
            Assert.Contains("Nightly", message);
            Assert.Contains("BinlogBackup", message);
            Assert.Contains("ServerUnreachable", message);
            Assert.Contains(@"C:\rostrvm\logs\RostrvmMaintenance.log", message);
        }

        [Fact]
        public void Off_Windows_nothing_is_written_or_registered()
        {
            if (OperatingSystem.IsWindows()) return;
            Assert.False(MaintenanceEventLog.Write(Entry(MaintenanceOutcome.Failed)));
            Assert.False(MaintenanceEventLog.Register());
        }
    }
}
