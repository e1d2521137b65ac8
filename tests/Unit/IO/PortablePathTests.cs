using System;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Connection;
using Rostrvm.Core.IO;
using Rostrvm.Core.Recordings;
using Xunit;

namespace Rostrvm.Tests.Unit.IO
{
    /// <summary>Windows paths through the module's path helpers, whatever this machine is.</summary>
    public class PortablePathTests
    {
        [Theory]
        [InlineData(@"C:\rostrvm\backups\rostrvm_920_1.rbk", @"C:\rostrvm\backups", "rostrvm_920_1.rbk")]
        [InlineData(@"C:/rostrvm/backups/rostrvm_920_1.rbk", "C:/rostrvm/backups", "rostrvm_920_1.rbk")]
        [InlineData(@"D:\rostrvm_920_2.rbk.gz", @"D:\", "rostrvm_920_2.rbk.gz")]
        [InlineData(@"\\nas01\rostrvm\backups\rostrvm_920_2.rbk.gz", @"\\nas01\rostrvm\backups", "rostrvm_920_2.rbk.gz")]
        [InlineData(@"\\?\UNC\nas01\rostrvm\rostrvm_920_1.rbk", @"\\?\UNC\nas01\rostrvm", "rostrvm_920_1.rbk")]
        [InlineData("/var/opt/rostrvm/backups/rostrvm_920_1.rbk", "/var/opt/rostrvm/backups", "rostrvm_920_1.rbk")]
        public void Splits_folder_and_name(string path, string folder, string name)
        {
            Assert.Equal(folder, PortablePath.GetDirectoryName(path));
            Assert.Equal(name, PortablePath.GetFileName(path));
        }

        [Theory]
        [InlineData(@"C:\rostrvm", true, false)]
        [InlineData(@"c:/rostrvm", true, false)]
        [InlineData(@"\\nas01\share", true, true)]
        [InlineData(@"\\?\C:\rostrvm", true, false)]
        [InlineData(@"\\?\UNC\nas01\share", true, true)]
        [InlineData(@"rostrvm\backups", false, false)]
        [InlineData("/opt/rostrvm", false, false)]
        [InlineData("C:", false, false)]
        public void Knows_drive_UNC_and_long_paths(string path, bool windowsRooted, bool unc)
        {
            Assert.Equal(windowsRooted, PortablePath.IsWindowsRooted(path));
            Assert.Equal(unc, PortablePath.IsUnc(path));
        }

        [Fact]
        public void The_backup_cycle_reads_its_slot_from_a_Windows_or_UNC_path()
        {
            Assert.Equal(1, BackupCycle.SlotOf(@"C:\rostrvm\backups\rostrvm_920_1.rbk", "920"));
            Assert.Equal(2, BackupCycle.SlotOf(@"\\nas01\rostrvm\backups\rostrvm_920_2.rbk.gz", "920"));
            Assert.Equal(0, BackupCycle.SlotOf(@"C:\rostrvm\backups\rostrvm_920_1.rbk\notes.txt", "920"));
        }

        [Fact]
        public void An_archive_name_is_read_from_a_UNC_path()
        {
            Assert.True(ArchiveName.TryParse(@"\\nas01\archives\Voice Recording 2026-11-01 00.00.00 2026-11-30 23.59.59.sdb",
                out var prefix, out var from, out var to));
            Assert.Equal("Voice Recording", prefix);
            Assert.Equal(new DateTime(2026, 11, 1), from);
            Assert.Equal(new DateTime(2026, 11, 30, 23, 59, 59), to);
        }

        [Fact]
        public void A_long_archive_path_gets_the_long_form_short_and_relative_ones_do_not()
        {
            var folder = @"C:\rostrvm\archives\" + new string('x', 200);
            var name = ArchiveName.Format("Voice Recording", new DateTime(2026, 11, 1), new DateTime(2026, 11, 30, 23, 59, 59));
            Assert.Equal(@"\\?\" + folder + @"\" + name, PortablePath.ToLongPath(folder + @"\" + name));
            Assert.Equal(@"\\?\UNC\nas01\archives\" + new string('y', 240) + ".sdb",
                PortablePath.ToLongPath(@"\\nas01\archives\" + new string('y', 240) + ".sdb"));
            Assert.Equal(@"C:\rostrvm\archives\" + name, PortablePath.ToLongPath(@"C:\rostrvm\archives\" + name));
            var relative = new string('r', 300) + ".sdb";
            Assert.Equal(relative, PortablePath.ToLongPath(relative));
            var already = @"\\?\" + folder + @"\" + name;
            Assert.Equal(already, PortablePath.ToLongPath(already));
        }

        [Fact]
        public void The_binlog_folder_of_a_Windows_server_comes_from_its_log_bin_basename()
        {
            var server = new ServerInfo { BinlogBasename = @"C:\ProgramData\MySQL\MySQL Server 8.0\Data\rtmbinlog" };
            var locations = BinlogLocations.Resolve(null, @"C:\rostrvm\backups\binlog", server);
            Assert.Equal(@"C:\ProgramData\MySQL\MySQL Server 8.0\Data", locations.ServerFolder);
            Assert.Equal("rtmbinlog", locations.BaseName);
            var configured = BinlogLocations.Resolve(@"D:\mysql\binlog", @"C:\rostrvm\backups\binlog", server);
            Assert.Equal(@"D:\mysql\binlog", configured.ServerFolder);
        }
    }
}
