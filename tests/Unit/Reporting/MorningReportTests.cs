using System;
using System.Linq;
using System.Text.RegularExpressions;
using Rostrvm.Core.Maintenance;
using Rostrvm.Core.Recoverability;
using Rostrvm.Core.Reporting;
using Rostrvm.Core.Storage;
using Xunit;

namespace Rostrvm.Tests.Unit.Reporting
{
    public class MorningReportTests
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Local);

        private static MaintenanceHistoryEntry Run(
            string job, int nightsAgo, string outcome = MaintenanceOutcome.Succeeded, string figures = "no output") =>
            new MaintenanceHistoryEntry
        {
            RunName = "Nightly", Job = job, RunFor = Now.Date.AddDays(-nightsAgo).AddHours(2),
            Start = Now.Date.AddDays(-nightsAgo).AddHours(2),
            Outcome = outcome, Figures = figures, DurationSeconds = 3,
            ErrorId = outcome == MaintenanceOutcome.Failed ? "MaintenanceJobThrew" : null,
        };

        private static RecoverabilityReport Green() => new RecoverabilityReport
        {
            Server = "db1", Port = 3308, Verdict = "Green", Reason = "fine", RecoverableToNow = true,
            RecoverableFrom = Now.AddDays(-2), RecoverableTo = Now, BackupName = "rostrvm_920_1.rbk", Rpo = TimeSpan.FromHours(6),
        };

        [Fact]
        public void Figures_are_read_by_whole_name_and_a_range_gives_its_lower_end()
        {
            const string figures = "7 StorageUsage: UsedBytes=1234, Files=5, VolumeFreeBytes=100..200, DaysUntilFull=12.5";
            Assert.Equal(1234, HistoryFigures.Read(figures, "UsedBytes"));
            Assert.Equal(100, HistoryFigures.Read(figures, "VolumeFreeBytes"));
            Assert.Equal(12.5, HistoryFigures.Read(figures, "DaysUntilFull"));
            Assert.Null(HistoryFigures.Read(figures, "Bytes"));
            Assert.Null(HistoryFigures.Read(null, "UsedBytes"));
        }

        [Fact]
        public void A_job_that_failed_its_last_two_runs_is_red_one_failure_amber_a_recovery_green()
        {
            var server = new ReportServer("a") { Recoverability = Green() };
            server.History.Add(Run("BinlogCopy", 2, MaintenanceOutcome.Failed));
            server.History.Add(Run("BinlogCopy", 1, MaintenanceOutcome.Failed));
            var red = ServerVerdict.Judge(server);
            Assert.Equal("Red", red.Verdict);
            Assert.StartsWith("BinlogCopy failed its last two runs", red.Reason);

            server.History.Add(Run("BinlogCopy", 0));
            Assert.Equal("Green", ServerVerdict.Judge(server).Verdict);

            server.History.Add(Run("MisExport", 0, MaintenanceOutcome.Failed));
            Assert.Equal("Amber", ServerVerdict.Judge(server).Verdict);

            Assert.Equal("Amber", ServerVerdict.Judge(new ReportServer("b")).Verdict);
        }

        [Fact]
        public void A_volume_full_within_a_week_is_red()
        {
            var server = new ReportServer("a") { Recoverability = Green() };
            server.Storage.Add(new StorageUsage { Component = "Backups", Volume = "/", DaysUntilFull = 3, Warning = "low" });
            var verdict = ServerVerdict.Judge(server);
            Assert.Equal("Red", verdict.Verdict);
            Assert.Contains("full in 3 days", verdict.Reason);
        }

        [Fact]
        public void The_page_has_no_script_encodes_names_and_plots_one_point_per_sample()
        {
            var server = new ReportServer("<site & co>") { Recoverability = Green() };
            for (var night = 4; night >= 0; night--)
                server.History.Add(Run("StorageReport", night,
                    figures: $"7 StorageUsage: UsedBytes={1000 * (5 - night)}, VolumeFreeBytes=5000..9000"));
            server.Storage.Add(new StorageUsage { Component = "Database", UsedBytes = 6000, GrowthBytesPerDay = 100, DaysUntilFull = 400 });

            var html = MorningReport.Build(new[] { server }, Now);

            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("<site", html);
            Assert.Contains("&lt;site &amp; co&gt;", html);
            Assert.Contains("data-series=\"Used\" data-points=\"5\"", html);
            Assert.Contains("data-series=\"Projection\" data-points=\"2\"", html);
            Assert.Contains("data-series=\"Free\" data-points=\"5\"", html);
            Assert.Contains("data-jobs=\"1\" data-nights=\"30\"", html);
            Assert.Equal(5, Regex.Matches(html, "data-outcome=\"Succeeded\"").Count);
            Assert.Equal(25, Regex.Matches(html, "data-outcome=\"None\"").Count);
            Assert.Contains("not full within a year", html);
        }
    }
}
