using System.IO;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Recordings;
using Rostrvm.Core.Recoverability;
using Rostrvm.Core.Restore;
using Xunit;

namespace Rostrvm.Tests.Unit.Configuration
{
    /// <summary>
    /// The folders (and database) of the listing, binlog copy, recording, restore-plan and recoverability
    /// cmdlets come from the settings; what the cmdlet was given overrides them (OptionsFromSettingsTests
    /// holds the other jobs).
    /// </summary>
    public class JobOptionsFromSettingsTests
    {
        private static readonly string Root = Path.Combine(Path.GetTempPath(), "rostrvm-job-options");

        private static RostrvmSettings Settings() => new RostrvmSettings
        {
            Root = Root,
            SettingsPath = Path.Combine(Root, "RostrvmMaintenance.json"),
        };

        [Fact]
        public void Backup_listing_reads_the_backup_folder_unless_given_paths()
        {
            var defaults = BackupCatalogOptions.From(Settings());
            Assert.Equal(new[] { Path.Combine(Root, "backups") }, defaults.Paths);
            Assert.False(defaults.Verify);

            var moved = Settings();
            moved.BackupPath = "/srv/backups";
            Assert.Equal(new[] { "/srv/backups" }, BackupCatalogOptions.From(moved).Paths);

            var given = BackupCatalogOptions.From(Settings(), new[] { "/a", "/b/rostrvm_931_1.rbk" }, verify: true);
            Assert.Equal(new[] { "/a", "/b/rostrvm_931_1.rbk" }, given.Paths);
            Assert.True(given.Verify);
            Assert.Equal(new[] { Path.Combine(Root, "backups") }, BackupCatalogOptions.From(Settings(), new string[0]).Paths);
        }

        [Fact]
        public void Binlog_copy_goes_to_the_binlog_backup_folder_unless_given_one()
        {
            var settings = Settings();
            settings.BinlogPath = "/var/lib/mysql";
            var defaults = BinlogBackupOptions.From(settings);
            Assert.Equal(Path.Combine(Root, "backups", "binlog"), defaults.Destination);
            Assert.Equal(Path.Combine(Root, "backups"), defaults.BackupFolder);
            Assert.Equal("/var/lib/mysql", defaults.ServerBinlogFolder);
            Assert.Null(BinlogBackupOptions.From(Settings()).ServerBinlogFolder);

            settings.BinlogBackupPath = "/srv/binlog";
            Assert.Equal("/srv/binlog", BinlogBackupOptions.From(settings).Destination);

            var given = BinlogBackupOptions.From(settings, "/elsewhere");
            Assert.Equal("/elsewhere", given.Destination);
            Assert.Equal(Path.Combine(Root, "backups"), given.BackupFolder);
            Assert.Equal("/srv/binlog", BinlogBackupOptions.From(settings, "").Destination);
        }

        [Fact]
        public void Recording_archives_are_read_in_the_archive_folder_unless_given_one()
        {
            Assert.Equal(Path.Combine(Root, "archives"), RecordingArchiveFolder.From(Settings()).Path);
            var moved = Settings();
            moved.ArchivePath = "/nas/archives";
            Assert.Equal("/nas/archives", RecordingArchiveFolder.From(moved).Path);
            Assert.Equal("/elsewhere", RecordingArchiveFolder.From(moved, "/elsewhere").Path);
            Assert.Equal("/nas/archives", RecordingArchiveFolder.From(moved, "").Path);
        }

        [Fact]
        public void Restore_plan_looks_for_backups_in_the_backup_folder_unless_given_one()
        {
            var defaults = RestoreRequest.From(Settings(), "rostrvm_931");
            Assert.Equal("rostrvm_931", defaults.Database);
            Assert.Equal(Path.Combine(Root, "backups"), defaults.BackupFolder);
            Assert.Equal(RestoreTargetKind.Latest, defaults.Kind);
            Assert.Empty(defaults.BinlogFolders);

            var given = RestoreRequest.From(Settings(), "rostrvm_931", "/elsewhere");
            Assert.Equal("/elsewhere", given.BackupFolder);
        }

        [Fact]
        public void Recoverability_checks_the_settings_database_when_the_connection_names_none()
        {
            Assert.Equal("rostrvm_920", RecoverabilityOptions.From(Settings(), null).Database);
            Assert.Equal("rostrvm_931", RecoverabilityOptions.From(Settings(), "rostrvm_931").Database);
        }
    }
}
