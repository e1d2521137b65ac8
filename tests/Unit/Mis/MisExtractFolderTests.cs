using System;
using System.Collections.Generic;
using System.IO;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Mis;
using Xunit;

namespace Rostrvm.Tests.Unit.Mis
{
    public sealed class MisExtractFolderTests : IDisposable
    {
        private static readonly DateTime s_day = new DateTime(2026, 10, 1);
        private readonly string _root = Path.Combine(Path.GetTempPath(), "rostrvm-mis-folder-" + Guid.NewGuid().ToString("N"));

        public MisExtractFolderTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private string Day => Path.Combine(_root, "2026-10-01");

        private static void Fill(string folder, string content)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "t.csv"), content);
        }

        private string Content() => File.ReadAllText(Path.Combine(Day, "t.csv"));

        [Fact]
        public void publish_replaces_the_day_folder_as_a_whole()
        {
            Fill(Day, "old");
            var staging = MisDayFolder.Stage(_root, s_day);
            Fill(staging, "new");
            MisDayFolder.Publish(staging, _root, s_day);
            Assert.Equal("new", Content());
            Assert.Single(Directory.GetDirectories(_root));
        }

        [Fact]
        public void recovery_discards_a_partial_folder()
        {
            Fill(Day, "old");
            Fill(Day + ".rostrvm-partial-1234abcd", "half");
            MisDayFolder.Recover(_root);
            Assert.Equal("old", Content());
            Assert.Single(Directory.GetDirectories(_root));
        }

        [Fact]
        public void recovery_completes_a_swap_killed_between_the_renames()
        {
            Fill(Day + ".rostrvm-old", "old");
            Fill(Day + ".rostrvm-new", "new");
            MisDayFolder.Recover(_root);
            Assert.Equal("new", Content());
            Assert.Single(Directory.GetDirectories(_root));
        }

        [Fact]
        public void recovery_keeps_the_old_folder_when_the_swap_never_began()
        {
            Fill(Day, "old");
            Fill(Day + ".rostrvm-new", "new");
            MisDayFolder.Recover(_root);
            Assert.Equal("old", Content());
            Assert.Single(Directory.GetDirectories(_root));
        }

        [Fact]
        public void recovery_puts_back_an_old_folder_left_alone()
        {
            Fill(Day + ".rostrvm-old", "old");
            MisDayFolder.Recover(_root);
            Assert.Equal("old", Content());
        }

        [Fact]
        public void manifest_verification_names_a_changed_or_missing_file()
        {
            Fill(Day, "a,b\r\n");
            var entry = new MisManifestFile { Table = "t", File = "t.csv", Sha256 = MisManifest.Sha256Of(Path.Combine(Day, "t.csv")),
                Columns = new List<string> { "a" } };
            var manifest = new MisManifest { Date = "2026-10-01", Files = { entry } };
            manifest.Write(Day);
            var read = MisManifest.Read(Day);
            Assert.NotNull(read);
            var upper = read.Find("T");
            Assert.NotNull(upper);
            read.Verify(Day, upper);
            var lower = read.Find("t");
            Assert.NotNull(lower);

            File.AppendAllText(Path.Combine(Day, "t.csv"), "x");
            var changed = Assert.Throws<RostrvmException>(() => read.Verify(Day, lower));
            Assert.Equal("MisExtractModified", changed.ErrorId);
            Assert.Contains("t.csv", changed.Message);

            File.Delete(Path.Combine(Day, "t.csv"));
            var missing = Assert.Throws<RostrvmException>(() => read.Verify(Day, lower));
            Assert.Equal("MisExtractFileMissing", missing.ErrorId);
            Assert.Equal(Path.Combine(Day, "t.csv"), missing.Target);
        }

        [Fact]
        public void table_selection_rejects_a_table_that_is_not_configured()
        {
            var configured = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["mis_call"] = "start_time",
                ["mis_agent_state"] = "state_time" };
            Assert.Single(MisSession.SelectTables(configured, new[] { "MIS_CALL" }));
            Assert.Equal(2, MisSession.SelectTables(configured, null).Count);
            var ex = Assert.Throws<RostrvmException>(() => MisSession.SelectTables(configured, new[] { "nope" }));
            Assert.Equal("MisTableNotConfigured", ex.ErrorId);
        }
    }
}
