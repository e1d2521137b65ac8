using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Maintenance;
using Xunit;

namespace Rostrvm.Tests.Unit.Maintenance
{
    public class MaintenanceRunnerTests
    {
        private static MaintenanceRunOptions Options(TempDirectory dir, string name = "Nightly") => new MaintenanceRunOptions
        {
            Name = name,
            Settings = new RostrvmSettings { Root = dir.Path, SettingsPath = dir.File("RostrvmMaintenance.json"), LockTimeoutSeconds = 0 },
            Now = new DateTime(2026, 12, 3, 2, 0, 0),
            ComputerName = "db1",
        };

        private static MaintenanceJob[] Jobs(params string[] names) => names.Select(n => new MaintenanceJob(n, "Do-" + n)).ToArray();

        private static OutputItem Item(params (string Name, object Value)[] properties) =>
            new OutputItem("Rostrvm.Test", properties.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)));

        [Fact]
        public void Every_job_runs_after_one_failed_and_each_is_in_the_history_as_it_ends()
        {
            using (var dir = new TempDirectory())
            {
                var ran = new List<string>();
                var lines = new List<string>();
                MaintenanceRun run;
                using (var runner = new MaintenanceRunner(Options(dir), null, lines.Add, ex => throw ex))
                {
                    run = runner.Run(Jobs("Backup", "MisPurge", "Logs"), job =>
                    {
                        ran.Add(job.Name);
                        // The history already holds the jobs before this one.
                        var written = new MaintenanceHistoryStore(Path.Combine(dir.Path, "maintenance", "history")).ReadAll();
                        Assert.Equal(ran.Count - 1, written.Count);
                        return job.Name == "MisPurge"
                            ? MaintenanceJobResult.Failure("ServerConnectionLost", "The server went away.")
                            : new MaintenanceJobResult { Output = new[] { Item(("Rows", 10L)), Item(("Rows", 5L)) } };
                    }, CancellationToken.None);
                }
                Assert.Equal(new[] { "Backup", "MisPurge", "Logs" }, ran);
                Assert.Equal(2, run.Succeeded);
                Assert.Equal(1, run.Failed);
                Assert.Equal(1, run.ExitCode);
                Assert.Equal(new[] { "MisPurge" }, run.FailedJobs);
                var history = new MaintenanceHistoryStore(Path.Combine(dir.Path, "maintenance", "history")).ReadAll();
                Assert.Equal(
                    new[] { MaintenanceOutcome.Succeeded, MaintenanceOutcome.Failed, MaintenanceOutcome.Succeeded },
                    history.OrderBy(e => e.Start).Select(e => e.Outcome));
                Assert.Equal("ServerConnectionLost", history.Single(e => e.Job == "MisPurge").ErrorId);
                Assert.Contains("15", history.First(e => e.Job == "Backup").Figures);
                Assert.All(history, e => Assert.Equal(run.RunId, e.RunId));
                Assert.NotNull(run.TranscriptPath);
                var transcript = File.ReadAllText(run.TranscriptPath);
                Assert.Contains("MisPurge           FAILED", transcript);
                Assert.Contains("1 failed (MisPurge)", lines.Last());
            }
        }

        [Fact]
        public void A_run_that_cannot_take_the_lock_runs_nothing_and_records_why()
        {
            using (var dir = new TempDirectory())
            using (MaintenanceLock.Acquire(dir.Path, "Weekly", TimeSpan.Zero, CancellationToken.None))
            {
                var warnings = new CollectingReporter();
                var ran = 0;
                MaintenanceRun run;
                using (var runner = new MaintenanceRunner(Options(dir), warnings, null, ex => throw ex))
                    run = runner.Run(Jobs("Backup"), job => { ran++; return new MaintenanceJobResult(); }, CancellationToken.None);
                Assert.Equal(0, ran);
                Assert.Equal(1, run.ExitCode);
                Assert.Equal("MaintenanceLock", run.Jobs.Single().Job);
                Assert.Equal("MaintenanceLockTimeout", run.Jobs.Single().ErrorId);
                Assert.Single(new MaintenanceHistoryStore(Path.Combine(dir.Path, "maintenance", "history")).ReadAll());
                Assert.Contains(warnings.Warnings, w => w.Contains("Weekly"));
            }
        }

        [Fact]
        public void A_dry_run_writes_no_history_transcript_or_lock_and_counts_what_it_left_out()
        {
            using (var dir = new TempDirectory())
            {
                MaintenanceRun run;
                using (var runner = new MaintenanceRunner(Options(dir), null, null, ex => throw ex))
                    run = runner.DryRun(
                        Jobs("Backup", "Register"),
                        job => job.Name == "Register" ? new MaintenanceJobResult { Skipped = true } : new MaintenanceJobResult());
                Assert.True(run.WhatIf);
                Assert.Equal(1, run.Succeeded);
                Assert.Equal(0, run.ExitCode);
                Assert.Equal(MaintenanceOutcome.Skipped, run.Jobs[1].Outcome);
                Assert.Null(run.HistoryFile);
                Assert.Null(run.TranscriptPath);
                Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
            }
        }

        [Fact]
        public void A_transcript_that_cannot_be_opened_is_a_warning_and_the_history_is_still_written()
        {
            using (var dir = new TempDirectory())
            {
                var options = Options(dir);
                File.WriteAllText(dir.File("not-a-folder"), "x");
                options.TranscriptPath = Path.Combine(dir.File("not-a-folder"), "run.log");
                var reporter = new CollectingReporter();
                MaintenanceRun run;
                using (var runner = new MaintenanceRunner(options, reporter, null, ex => throw ex))
                    run = runner.Run(Jobs("Backup"), job => new MaintenanceJobResult(), CancellationToken.None);
                Assert.Equal(0, run.ExitCode);
                Assert.Null(run.TranscriptPath);
                Assert.Contains(reporter.Warnings, w => w.StartsWith("No transcript is written", StringComparison.Ordinal));
                Assert.True(File.Exists(run.HistoryFile));
            }
        }

        private sealed class CollectingReporter : Rostrvm.Core.Jobs.IJobReporter
        {
            public List<string> Warnings { get; } = new List<string>();
            public void Progress(Rostrvm.Core.Jobs.JobProgress progress) { }
            public void Verbose(string message) { }
            public void Warning(string message) => Warnings.Add(message);
        }
    }
}
