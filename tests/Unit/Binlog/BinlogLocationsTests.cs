using System.IO;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Connection;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    public class BinlogLocationsTests
    {
        [Fact]
        public void The_settings_BinlogPath_wins_over_the_servers_own_folder()
        {
            var l = BinlogLocations.Resolve(
                "/mnt/db1/binlogs", "/opt/rostrvm/backups/binlog", new ServerInfo { BinlogBasename = "/var/lib/mysql/rtmbinlog" });
            Assert.Equal("/mnt/db1/binlogs", l.ServerFolder);
            Assert.Equal("rtmbinlog", l.BaseName);
            Assert.Equal(new[] { "/mnt/db1/binlogs", "/opt/rostrvm/backups/binlog" }, l.ChainFolders);
        }

        [Fact]
        public void Without_a_setting_the_folder_of_log_bin_basename_and_whether_it_is_readable_here()
        {
            using (var dir = new TempDirectory())
            {
                var readable = BinlogLocations.Resolve(
                    null, "/copies", new ServerInfo { BinlogBasename = Path.Combine(dir.Path, "rtmbinlog") });
                Assert.Equal(dir.Path, readable.ServerFolder);
                Assert.True(readable.ServerFolderReadable);
                var remote = BinlogLocations.Resolve(
                    null, "/copies", new ServerInfo { BinlogBasename = Path.Combine(dir.Path, "elsewhere", "rtmbinlog") });
                Assert.False(remote.ServerFolderReadable);
            }
        }

        [Fact]
        public void Binary_logging_off_leaves_only_the_copies()
        {
            var settings = new RostrvmSettings { Root = "/opt/rostrvm" };
            var l = BinlogLocations.Resolve(settings, new ServerInfo());
            Assert.Null(l.ServerFolder);
            Assert.Null(l.BaseName);
            Assert.False(l.ServerFolderReadable);
            Assert.Equal(new[] { settings.EffectiveBinlogBackupPath }, l.ChainFolders);
        }
    }
}
