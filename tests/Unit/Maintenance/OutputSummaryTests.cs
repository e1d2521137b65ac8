using Rostrvm.Core.Maintenance;
using Xunit;

namespace Rostrvm.Tests.Unit.Maintenance
{
    public class OutputSummaryTests
    {
        [Fact]
        public void Numbers_are_summed_per_type_and_warnings_collected()
        {
            var warnings = new System.Collections.Generic.List<string>();
            var items = new[]
            {
                new OutputItem("Rostrvm.Core.Mis.MisExportResult",
                    new[] { Kv("Table", "mis_call"), Kv("Rows", 10L), Kv("Path", "/x/a.csv") }),
                new OutputItem("Deserialized.Rostrvm.Core.Mis.MisExportResult",
                    new[] { Kv("Table", "mis_agent_state"), Kv("Rows", 5), Kv("Path", "/x/b.csv") }),
                new OutputItem("Rostrvm.Core.Storage.StorageUsage",
                    new[] { Kv("UsedBytes", 2048L), Kv("Warning", "Disk / is 95% full"), Kv("Path", "/data") }),
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
                new OutputItem("Rostrvm.Core.Storage.StorageUsage",
                    new[] { Kv("UsedBytes", 100L), Kv("VolumeFreePercent", 65.5), Kv("DaysUntilFull", 120.0),
                        Kv("VolumeFreeBytes", 5000L) }),
                new OutputItem("Rostrvm.Core.Storage.StorageUsage",
                    new[] { Kv("UsedBytes", 50L), Kv("VolumeFreePercent", 65.5), Kv("DaysUntilFull", 80.25),
                        Kv("VolumeFreeBytes", 5000L) }),
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
            Assert.NotNull(samples);
            Assert.Equal(2, samples.Count);
            Assert.Equal(100, samples["Database"]);
            Assert.Equal(2048, samples["Backups"]);
            Assert.Null(OutputSummary.Samples(new[] { items[2] }));
        }

        private static System.Collections.Generic.KeyValuePair<string, object?> Kv(string k, object v) =>
            new System.Collections.Generic.KeyValuePair<string, object?>(k, v);
    }
}
