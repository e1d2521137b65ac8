using System;
using System.IO;
using System.Linq;
using Rostrvm.Core.IO;
using Rostrvm.Core.Maintenance;
using Xunit;

namespace Rostrvm.Tests.Unit.Maintenance
{
    public class MaintenanceHistoryStoreTests
    {
        private static MaintenanceHistoryEntry Entry(string run, string job, DateTime start,
            string outcome = MaintenanceOutcome.Succeeded) => new MaintenanceHistoryEntry
        {
            RunId = run + start.Ticks, RunName = run, Job = job, Start = start, End = start.AddSeconds(5), Outcome = outcome,
            Figures = "1 Thing: Rows=3", Warnings = new[] { "low space" },
                ErrorMessage = outcome == MaintenanceOutcome.Failed ? "it broke" : null,
        };

        [Fact]
        public void A_run_file_is_rewritten_whole_and_read_back_with_every_field()
        {
            using (var dir = new TempDirectory())
            {
                var store = new MaintenanceHistoryStore(dir.File("history"));
                var start = new DateTime(2026, 11, 20, 2, 0, 0, DateTimeKind.Local);
                var file = store.RunFile("Nightly", "abc", start);
                var first = Entry("Nightly", "MisExport", start);
                store.WriteRun(file, new[] { first });
                store.WriteRun(file, new[] { first, Entry("Nightly", "MisPurge", start.AddMinutes(1), MaintenanceOutcome.Failed) });

                Assert.Single(Directory.GetFiles(store.Directory));
                Assert.Equal("20261120-020000-Nightly-abc.json", Path.GetFileName(file));
                var read = store.ReadAll();
                Assert.Equal(new[] { "MisPurge", "MisExport" }, read.Select(e => e.Job));
                Assert.Equal("it broke", read[0].ErrorMessage);
                Assert.True(read[0].Failed);
                Assert.Equal(start, read[1].Start);
                Assert.Equal(new[] { "low space" }, read[1].Warnings);
                if (FilePermissions.IsUnix) Assert.Equal(0x180, FilePermissions.GetUnixMode(file));
                Assert.Empty(Directory.GetFiles(store.Directory, "*" + AtomicFile.TemporarySuffix));
            }
        }

        [Fact]
        public void Without_days_the_last_run_of_each_job_is_chosen_and_failed_keeps_failures()
        {
            var now = new DateTime(2026, 11, 25, 9, 0, 0);
            var entries = new[]
            {
                Entry("Nightly", "MisExport", now.AddDays(-2), MaintenanceOutcome.Failed),
                Entry("Nightly", "MisExport", now.AddDays(-1)),
                Entry("Nightly", "LogCompression", now.AddDays(-1), MaintenanceOutcome.Failed),
                Entry("Weekly", "FullBackup", now.AddDays(-6)),
            };
            var last = MaintenanceHistoryStore.Select(entries, now).ToList();
            Assert.Equal(3, last.Count);
            Assert.Equal(MaintenanceOutcome.Succeeded, last.Single(e => e.Job == "MisExport").Outcome);

            Assert.Equal(new[] { "LogCompression" }, MaintenanceHistoryStore.Select(entries, now, failedOnly: true).Select(e => e.Job));
            Assert.Equal(2, MaintenanceHistoryStore.Select(entries, now, days: 3, failedOnly: true).Count());
            Assert.Equal(3, MaintenanceHistoryStore.Select(entries, now, days: 3).Count());
            Assert.Single(MaintenanceHistoryStore.Select(entries, now, runNames: new[] { "weekly" }));
        }

        [Fact]
        public void A_damaged_history_file_is_reported_and_the_others_still_read()
        {
            using (var dir = new TempDirectory())
            {
                var store = new MaintenanceHistoryStore(dir.Path);
                store.WriteRun(store.RunFile("Weekly", "x", DateTime.Now), new[] { Entry("Weekly", "FullBackup", DateTime.Now) });
                File.WriteAllText(dir.File("broken.json"), "[{\"Job\": ");
                string? warning = null;
                var read = store.ReadAll(w => warning = w);
                Assert.Single(read);
                Assert.Contains("broken.json", warning);
            }
        }
    }
}
