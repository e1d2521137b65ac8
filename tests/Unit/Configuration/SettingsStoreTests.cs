using System.IO;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Xunit;

namespace Rostrvm.Tests.Unit.Configuration
{
    public class SettingsStoreTests
    {
        [Fact]
        public void Missing_file_gives_the_product_defaults_under_its_folder()
        {
            using (var dir = new TempDirectory())
            {
                var s = SettingsStore.Load(dir.File(SettingsStore.FileName), mayBeNew: true);
                Assert.Equal(3308, s.Port);
                Assert.Equal("rostrvm_920", s.EffectiveDatabase);
                Assert.Equal(2, s.BackupCycle);
                Assert.Equal(Path.Combine(dir.Path, "backups"), s.EffectiveBackupPath);
                Assert.Equal(Path.Combine(dir.Path, "backups", "binlog"), s.EffectiveBinlogBackupPath);
                Assert.Equal("start_time", s.EffectiveMisTables["mis_call"]);
                Assert.False(File.Exists(dir.File(SettingsStore.FileName)));
            }
        }

        [Theory]
        [InlineData("9.2.0", "rostrvm_920")]
        [InlineData("11.0-2", "rostrvm_1102")]
        [InlineData("8.5", "rostrvm_85")]
        public void Database_name_is_the_version_without_dots_or_dashes(string version, string expected)
        {
            Assert.Equal(expected, new RostrvmSettings { Version = version }.EffectiveDatabase);
        }

        [Fact]
        public void Saved_settings_round_trip_and_are_owner_only()
        {
            using (var dir = new TempDirectory())
            {
                var path = dir.File(SettingsStore.FileName);
                var s = SettingsStore.Load(path, mayBeNew: true);
                s.BackupCycle = 5;
                s.MisTables = new System.Collections.Generic.Dictionary<string, string> { ["mis_x"] = "t" };
                SettingsStore.Save(s, path);
                var again = SettingsStore.Load(path);
                Assert.Equal(5, again.BackupCycle);
                Assert.Equal("t", again.EffectiveMisTables["mis_x"]);
                if (FilePermissions.IsUnix) Assert.Equal(0x180, FilePermissions.GetUnixMode(path));
                Assert.Empty(Directory.GetFiles(dir.Path, "*" + AtomicFile.TemporarySuffix));
            }
        }

        [Fact]
        public void A_file_named_but_missing_is_SettingsFileMissing_not_the_defaults()
        {
            using (var dir = new TempDirectory())
            {
                var path = dir.File("typo.json");
                var ex = Assert.Throws<RostrvmException>(() => SettingsStore.Load(path));
                Assert.Equal("SettingsFileMissing", ex.ErrorId);
                Assert.Contains(path, ex.Message);
                Assert.False(File.Exists(path));
            }
        }

        [Fact]
        public void Broken_json_is_reported_with_its_path_and_left_alone()
        {
            using (var dir = new TempDirectory())
            {
                var path = dir.File("bad.json");
                File.WriteAllText(path, "{ \"Port\": ");
                var ex = Assert.Throws<RostrvmException>(() => SettingsStore.Load(path));
                Assert.Equal("SettingsFileInvalid", ex.ErrorId);
                Assert.Equal(FailureKind.InvalidData, ex.Kind);
                Assert.Contains(path, ex.Message);
                Assert.Equal("{ \"Port\": ", File.ReadAllText(path));
            }
        }

        [Fact]
        public void Invalid_values_are_refused_before_writing()
        {
            using (var dir = new TempDirectory())
            {
                var path = dir.File(SettingsStore.FileName);
                var ex = Assert.Throws<RostrvmException>(() => SettingsStore.Save(new RostrvmSettings { Port = 70000 }, path));
                Assert.Equal("SettingsValueInvalid", ex.ErrorId);
                Assert.False(File.Exists(path));
            }
        }
    }
}
