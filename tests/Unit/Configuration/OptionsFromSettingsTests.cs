using System;
using System.IO;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Logs;
using Rostrvm.Core.Mirror;
using Rostrvm.Core.Mis;
using Rostrvm.Core.Recordings;
using Rostrvm.Core.Recoverability;
using Rostrvm.Core.Restore;
using Xunit;

namespace Rostrvm.Tests.Unit.Configuration
{
    /// <summary>Every options type fills its defaults from the settings; what a cmdlet was given overrides them.</summary>
    public class OptionsFromSettingsTests
    {
        private static readonly string Root = Path.Combine(Path.GetTempPath(), "rostrvm-options");
        private static readonly DateTime Now = new DateTime(2026, 11, 20, 2, 0, 0);

        private static RostrvmSettings Settings() => new RostrvmSettings
        {
            Root = Root,
            Version = "9.3.1",
            SettingsPath = Path.Combine(Root, "RostrvmMaintenance.json"),
            BackupCycle = 5,
            BackupCompress = true,
            LockTimeoutSeconds = 33,
            RecordingRetentionDays = 45,
            ArchiveMaxSizeMB = 77,
            ArchivePeriod = "Week",
            LogCompressAfterDays = 3,
            LogRetentionDays = 60,
            MisRetentionMonths = 7,
            MisBatchSize = 1234,
            Mirror = new System.Collections.Generic.List<string> { "/srv/mirror", " " },
            MirrorRetentionDays = 14,
            MirrorCycle = 3,
        };

        [Fact]
        public void Backup_takes_the_settings_unless_given()
        {
            var connection = new ConnectionOptions();
            var defaults = BackupOptions.From(Settings(), connection);
            Assert.Same(connection, defaults.Connection);
            Assert.Equal(Path.Combine(Root, "backups"), defaults.Folder);
            Assert.Equal("931", defaults.VersionNumber);
            Assert.Equal(5, defaults.Cycle);
            Assert.Equal(BackupCompression.Gzip, defaults.Compression);
            Assert.Equal(33, defaults.LockTimeoutSeconds);

            var given = BackupOptions.From(Settings(), connection, "/elsewhere", cycle: 1, compression: BackupCompression.None);
            Assert.Equal("/elsewhere", given.Folder);
            Assert.Equal(1, given.Cycle);
            Assert.Equal(BackupCompression.None, given.Compression);
        }

        [Fact]
        public void Recording_archive_counts_the_retention_back_from_the_run_clock()
        {
            var defaults = RecordingArchiveRequest.From(Settings(), new ConnectionOptions(), Now);
            Assert.Equal(Now.AddDays(-45), defaults.Before);
            Assert.Equal(Path.Combine(Root, "archives"), defaults.Destination);
            Assert.Equal(77L * 1024 * 1024, defaults.MaxArchiveSize);
            Assert.Equal("Week", defaults.Period);
            Assert.Equal(33, defaults.LockTimeoutSeconds);

            var before = new DateTime(2026, 1, 1);
            var given = RecordingArchiveRequest.From(Settings(), new ConnectionOptions(), Now, before, "/nas", 4096, "Day");
            Assert.Equal(before, given.Before);
            Assert.Equal("/nas", given.Destination);
            Assert.Equal(4096, given.MaxArchiveSize);
            Assert.Equal("Day", given.Period);
        }

        [Fact]
        public void Log_compression_and_removal_take_the_settings_folder_patterns_and_ages()
        {
            var settings = Settings();
            var compression = LogPurgeRequest.Compression(settings, Now);
            Assert.Equal(Path.Combine(Root, "logs"), compression.Directory);
            Assert.Equal(settings.EffectiveLogPatterns, compression.Patterns);
            Assert.Equal(Now, compression.Now);
            Assert.Equal(TimeSpan.FromDays(3), compression.CompressOlderThan);
            Assert.Equal(TimeSpan.FromDays(60), compression.DeleteOlderThan);

            var given = LogPurgeRequest.Compression(settings, Now, "/var/log/rostrvm", TimeSpan.FromHours(12), 10);
            Assert.Equal("/var/log/rostrvm", given.Directory);
            Assert.Equal(TimeSpan.FromHours(12), given.CompressOlderThan);
            Assert.Equal(TimeSpan.FromDays(10), given.DeleteOlderThan);

            var removal = LogPurgeRequest.Removal(settings, Now, TimeSpan.FromDays(30));
            Assert.Equal(Path.Combine(Root, "logs"), removal.Directory);
            Assert.Null(removal.CompressOlderThan);
            Assert.Equal(TimeSpan.FromDays(30), removal.DeleteOlderThan);
        }

        [Fact]
        public void Mis_purge_cuts_off_at_the_retention_from_the_server_today_or_the_run_clock()
        {
            var serverToday = new DateTime(2026, 11, 21);
            var defaults = MisPurgeOptions.From(Settings());
            Assert.Equal(1234, defaults.BatchSize);
            Assert.Equal(new DateTime(2026, 4, 21), defaults.Cutoff(serverToday));
            Assert.Equal(new DateTime(2026, 4, 20), MisPurgeOptions.From(Settings(), now: Now).Cutoff(serverToday));
            var byAge = MisPurgeOptions.From(Settings(), olderThan: TimeSpan.FromDays(30));
            Assert.Equal(new DateTime(2026, 10, 22), byAge.Cutoff(serverToday));
            var byDay = MisPurgeOptions.From(Settings(), new DateTime(2026, 2, 3, 17, 0, 0));
            Assert.Equal(new DateTime(2026, 2, 3), byDay.Cutoff(serverToday));
            Assert.Equal(500, MisPurgeOptions.From(Settings(), batchSize: 500).BatchSize);
        }

        [Fact]
        public void Mis_purge_refuses_a_day_and_an_age_together()
        {
            var error = Assert.Throws<RostrvmException>(() =>
                MisPurgeOptions.From(Settings(), new DateTime(2026, 1, 1), TimeSpan.FromDays(30)));
            Assert.Equal("PurgeCutoffAmbiguous", error.ErrorId);
        }

        [Fact]
        public void Mirrors_come_from_the_settings_with_host_keys_beside_the_settings_file()
        {
            var defaults = MirrorOptions.From(Settings());
            Assert.Equal(new[] { "/srv/mirror" }, defaults.Destinations);
            Assert.Equal(Path.Combine(Root, "mirror_known_hosts"), defaults.HostKeysPath);
            Assert.Null(defaults.KeyFile);
            Assert.Equal(14, defaults.RetentionDays);
            Assert.Equal(3, defaults.Cycle);

            var given = MirrorOptions.From(Settings(), new[] { "sftp://u@h/p" }, retentionDays: 0, cycle: 1);
            Assert.Equal(new[] { "sftp://u@h/p" }, given.Destinations);
            Assert.Equal(0, given.RetentionDays);
            Assert.Equal(1, given.Cycle);
        }

        [Fact]
        public void Recoverability_looks_where_the_settings_keep_backups_and_binlog_copies()
        {
            var settings = Settings();
            settings.BinlogPath = "/var/lib/mysql";
            var defaults = RecoverabilityOptions.From(settings, "rostrvm_931");
            Assert.Equal("rostrvm_931", defaults.Database);
            Assert.Equal(Path.Combine(Root, "backups"), defaults.BackupFolder);
            Assert.Equal("/var/lib/mysql", defaults.ServerBinlogFolder);
            Assert.Equal(Path.Combine(Root, "backups", "binlog"), defaults.BinlogCopyFolder);
            Assert.NotNull(defaults.Ledger);
            Assert.Equal("/elsewhere", RecoverabilityOptions.From(settings, "rostrvm_931", "/elsewhere").BackupFolder);
        }

        [Fact]
        public void Restore_keeps_safety_backups_apart_under_the_backup_folder()
        {
            var plan = new RestorePlan();
            var options = RestoreOptions.From(Settings(), new ConnectionOptions(), plan);
            Assert.Same(plan, options.Plan);
            Assert.Equal(Path.Combine(Root, "backups", "safety"), options.SafetyBackupFolder);
            Assert.Equal("931", options.VersionNumber);
        }
    }
}
