#nullable disable
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
        private static MaintenanceHistoryEntry Entry(string run, string job, DateTime start, string outcome = MaintenanceOutcome.Succeeded) => new MaintenanceHistoryEntry
        {
            RunId = run + start.Ticks, RunName = run, Job = job, Start = start, End = start.AddSeconds(5), Outcome = outcome,
            Figures = "1 Thing: Rows=3", Warnings = new[] { "low space" }, ErrorMessage = outcome == MaintenanceOutcome.Failed ? "it broke" : null,
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
                string warning = null;
                var read = store.ReadAll(w => warning = w);
                Assert.Single(read);
                Assert.Contains("broken.json", warning);
            }
        }
    }

    public class MaintenanceLockTests
    {
        [Fact]
        public void A_second_run_waits_then_fails_naming_the_holder()
        {
            using (var dir = new TempDirectory())
            using (var held = MaintenanceLock.Acquire(dir.Path, "Nightly", TimeSpan.Zero, default))
            {
                Assert.Null(held.StaleOwner);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var ex = Assert.Throws<Rostrvm.Core.Errors.RostrvmException>(() => MaintenanceLock.Acquire(dir.Path, "Weekly", TimeSpan.FromMilliseconds(600), default));
                Assert.True(watch.ElapsedMilliseconds >= 500);
                Assert.Equal("MaintenanceLockTimeout", ex.ErrorId);
                Assert.Equal(Rostrvm.Core.Errors.FailureKind.ResourceBusy, ex.Kind);
                Assert.Contains("Nightly run, process", ex.Message);
                Assert.Contains("LockTimeoutSeconds", ex.Message);
            }
        }

        [Fact]
        public void The_lock_is_free_again_once_released()
        {
            using (var dir = new TempDirectory())
            {
                MaintenanceLock.Acquire(dir.Path, "Nightly", TimeSpan.Zero, default).Dispose();
                Assert.False(File.Exists(MaintenanceLock.PathUnder(dir.Path) + ".owner"));
                using (var again = MaintenanceLock.Acquire(dir.Path, "Weekly", TimeSpan.Zero, default))
                    Assert.Null(again.StaleOwner);
            }
        }

        [Fact]
        public void An_owner_file_left_by_a_dead_run_is_reported_as_stale_and_taken_over()
        {
            using (var dir = new TempDirectory())
            {
                File.WriteAllText(MaintenanceLock.PathUnder(dir.Path), "");
                File.WriteAllText(MaintenanceLock.PathUnder(dir.Path) + ".owner", "Nightly run, process 999999 on old-host");
                using (var taken = MaintenanceLock.Acquire(dir.Path, "Weekly", TimeSpan.Zero, default))
                {
                    Assert.Equal("Nightly run, process 999999 on old-host", taken.StaleOwner);
                    Assert.StartsWith("Weekly run, process", File.ReadAllText(taken.OwnerPath));
                }
            }
        }
    }

    public class OutputSummaryTests
    {
        [Fact]
        public void Numbers_are_summed_per_type_and_warnings_collected()
        {
            var warnings = new System.Collections.Generic.List<string>();
            var items = new[]
            {
                new OutputItem("Rostrvm.Core.Mis.MisExportResult", new[] { Kv("Table", "mis_call"), Kv("Rows", 10L), Kv("Path", "/x/a.csv") }),
                new OutputItem("Deserialized.Rostrvm.Core.Mis.MisExportResult", new[] { Kv("Table", "mis_agent_state"), Kv("Rows", 5), Kv("Path", "/x/b.csv") }),
                new OutputItem("Rostrvm.Core.Storage.StorageUsage", new[] { Kv("UsedBytes", 2048L), Kv("Warning", "Disk / is 95% full"), Kv("Path", "/data") }),
            };
            var text = OutputSummary.Summarise(items, warnings);
            Assert.Equal("2 MisExportResult: Rows=15; 1 StorageUsage: UsedBytes=2048, Path=/data", text);
            Assert.Equal(new[] { "Disk / is 95% full" }, warnings);
            Assert.Equal("no output", OutputSummary.Summarise(new OutputItem[0]));
        }

        [Fact]
        public void Figures_that_cannot_be_added_are_shown_as_their_range_never_summed()
        {
            // A storage report: every component repeats its volume's free space and percentage.
            var items = new[]
            {
                new OutputItem("Rostrvm.Core.Storage.StorageUsage", new[] { Kv("UsedBytes", 100L), Kv("VolumeFreePercent", 65.5), Kv("DaysUntilFull", 120.0), Kv("VolumeFreeBytes", 5000L) }),
                new OutputItem("Rostrvm.Core.Storage.StorageUsage", new[] { Kv("UsedBytes", 50L), Kv("VolumeFreePercent", 65.5), Kv("DaysUntilFull", 80.25), Kv("VolumeFreeBytes", 5000L) }),
                new OutputItem("Rostrvm.Core.Logs.LogFileResult", new[] { Kv("Length", 10L), Kv("Ratio", 0.2) }),
                new OutputItem("Rostrvm.Core.Logs.LogFileResult", new[] { Kv("Length", 30L), Kv("Ratio", 0.4) }),
            };
            Assert.Equal("2 StorageUsage: UsedBytes=150, VolumeFreePercent=65.5, DaysUntilFull=80.25..120, VolumeFreeBytes=5000; "
                + "2 LogFileResult: Length=40, Ratio=0.2..0.4", OutputSummary.Summarise(items));
        }

        [Fact]
        public void Each_named_part_keeps_its_used_space_for_the_report_and_other_output_gives_none()
        {
            var items = new[]
            {
                new OutputItem("Rostrvm.Core.Storage.StorageUsage", new[] { Kv("Component", "Database"), Kv("UsedBytes", 100L) }),
                new OutputItem("Rostrvm.Core.Storage.StorageUsage", new[] { Kv("Component", "Backups"), Kv("UsedBytes", 2048L) }),
                new OutputItem("Rostrvm.Core.Logs.LogFileResult", new[] { Kv("Length", 10L) }),
            };
            var samples = OutputSummary.Samples(items);
            Assert.Equal(2, samples.Count);
            Assert.Equal(100, samples["Database"]);
            Assert.Equal(2048, samples["Backups"]);
            Assert.Null(OutputSummary.Samples(new[] { items[2] }));
        }

        private static System.Collections.Generic.KeyValuePair<string, object> Kv(string k, object v) => new System.Collections.Generic.KeyValuePair<string, object>(k, v);
    }
}
