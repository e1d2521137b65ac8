using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Maintenance;
using Rostrvm.Core.Mirror;
using Rostrvm.Core.Mis;
using Rostrvm.Core.Recoverability;
using Xunit;

namespace Rostrvm.Tests.Unit.Configuration
{
    /// <summary>
    /// The folders and names the script backup, history, backup test, mirror sync, binlog export and MIS
    /// cmdlets used to read from the settings themselves: the settings fill them, what is given wins.
    /// </summary>
    public class PathOptionsFromSettingsTests
    {
        private static readonly string Root = Path.Combine(Path.GetTempPath(), "rostrvm-path-options");

        private static RostrvmSettings Settings() => new RostrvmSettings
        {
            Root = Root,
            Version = "9.3.1",
            SettingsPath = Path.Combine(Root, "RostrvmMaintenance.json"),
            LockTimeoutSeconds = 33,
        };

        [Fact]
        public void Script_backup_zips_the_script_folders_into_the_backup_folder_unless_given_others()
        {
            var defaults = ScriptBackupOptions.From(Settings());
            Assert.Equal(Path.Combine(Root, "backups"), defaults.Folder);
            Assert.Equal(new[] { Path.Combine(Root, "CallDirector", "Scripts"), Path.Combine(Root, "Macros") }, defaults.ScriptFolders);
            Assert.Equal("931", defaults.VersionNumber);

            var moved = Settings();
            moved.BackupPath = "/srv/backups";
            moved.ScriptPaths = new List<string> { "/srv/scripts" };
            Assert.Equal("/srv/backups", ScriptBackupOptions.From(moved).Folder);
            Assert.Equal(new[] { "/srv/scripts" }, ScriptBackupOptions.From(moved).ScriptFolders);

            var given = ScriptBackupOptions.From(moved, "/elsewhere", new[] { "/a", "/b" });
            Assert.Equal("/elsewhere", given.Folder);
            Assert.Equal(new[] { "/a", "/b" }, given.ScriptFolders);
            Assert.Equal("/srv/backups", ScriptBackupOptions.From(moved, "").Folder);
        }

        [Fact]
        public void Script_backup_given_a_backup_file_zips_beside_it()
        {
            using (var dir = new TempDirectory())
            {
                var backup = dir.File("rostrvm_931_2.rbk.gz");
                File.WriteAllText(backup, "");
                Assert.Equal(dir.Path, ScriptBackupOptions.From(Settings(), backup).Folder);
            }
        }

        [Fact]
        public void History_is_read_from_the_history_folder_unless_given_one()
        {
            Assert.Equal(Path.Combine(Root, "maintenance", "history"), MaintenanceHistoryFolder.From(Settings()).Path);
            var moved = Settings();
            moved.HistoryPath = "/srv/history";
            Assert.Equal("/srv/history", MaintenanceHistoryFolder.From(moved).Path);
            Assert.Equal("/elsewhere", MaintenanceHistoryFolder.From(moved, "/elsewhere").Path);
            Assert.Equal("/srv/history", MaintenanceHistoryFolder.From(moved, "").Path);
            Assert.Equal("/srv/history", new MaintenanceRunOptions { Settings = moved }.HistoryFolder);
        }

        [Fact]
        public void Backup_tests_are_recorded_beside_the_history()
        {
            Assert.Equal(Path.Combine(Root, "maintenance", "backup-tests"), BackupTestLedger.From(Settings()).Directory);
            var moved = Settings();
            moved.HistoryPath = Path.Combine(Root, "elsewhere", "history");
            Assert.Equal(Path.Combine(Root, "elsewhere", "backup-tests"), BackupTestLedger.From(moved).Directory);
            var ledger = RecoverabilityOptions.From(moved, null).Ledger;
            Assert.NotNull(ledger);
            Assert.Equal(Path.Combine(Root, "elsewhere", "backup-tests"), ledger.Directory);
        }

        [Fact]
        public void Mirror_retention_reads_backup_headers_from_the_local_backup_folder()
        {
            Assert.Equal(Path.Combine(Root, "backups"), MirrorOptions.From(Settings()).LocalBackupFolder);
            var moved = Settings();
            moved.BackupPath = "/srv/backups";
            Assert.Equal("/srv/backups", MirrorOptions.From(moved).LocalBackupFolder);
        }

        [Fact]
        public void Binlog_export_replays_the_settings_database_into_the_target_unless_given_one()
        {
            var plain = BinlogSqlWriterOptions.From(Settings());
            Assert.Null(plain.DatabaseRenames);
            Assert.False(plain.DecodedComments);
            Assert.False(plain.PreserveGtids);
            Assert.False(plain.DisableBinaryLogging);

            var renamed = BinlogSqlWriterOptions.From(Settings(), targetDatabase: "rostrvm_restore");
            Assert.Equal(new Dictionary<string, string> { ["rostrvm_931"] = "rostrvm_restore" }, renamed.DatabaseRenames);
            var moved = Settings();
            moved.Database = "rtm";
            Assert.Equal(new Dictionary<string, string> { ["rtm"] = "rostrvm_restore" },
                BinlogSqlWriterOptions.From(moved, null, "rostrvm_restore").DatabaseRenames);

            var given = BinlogSqlWriterOptions.From(moved, "other", "rostrvm_restore", decodedComments: true, preserveGtids: true,
                disableBinaryLogging: true);
            Assert.Equal(new Dictionary<string, string> { ["other"] = "rostrvm_restore" }, given.DatabaseRenames);
            Assert.True(given.DecodedComments);
            Assert.True(given.PreserveGtids);
            Assert.True(given.DisableBinaryLogging);
        }

        [Fact]
        public void Binlog_completion_looks_in_the_server_folder_the_settings_name_and_the_copies()
        {
            Assert.Equal(new[] { Path.Combine(Root, "backups", "binlog") }, BinlogLocations.Resolve(Settings(), null).ChainFolders);
            var settings = Settings();
            settings.BinlogPath = "/var/lib/mysql";
            Assert.Equal(new[] { "/var/lib/mysql", Path.Combine(Root, "backups", "binlog") },
                BinlogLocations.Resolve(settings, null).ChainFolders);
        }

        [Fact]
        public void Mis_session_works_in_the_extract_folder_on_the_configured_tables_unless_given_others()
        {
            var settings = Settings();
            settings.MisTables = new Dictionary<string, string> { ["mis_call"] = "start_time", ["mis_agent"] = "logged_at" };
            var defaults = MisSessionOptions.From(settings);
            Assert.Equal(Path.Combine(Root, "ExtractedMIS"), defaults.ExtractRoot);
            Assert.Equal(33, defaults.LockTimeoutSeconds);
            Assert.Null(defaults.OnlyTables);
            Assert.Equal(new[] { "mis_agent", "mis_call" }, Keys(defaults.Tables()));

            settings.MisExtractPath = "/srv/mis";
            Assert.Equal("/srv/mis", MisSessionOptions.From(settings).ExtractRoot);

            var given = MisSessionOptions.From(settings, new[] { "MIS_CALL" }, "/elsewhere");
            Assert.Equal("/elsewhere", given.ExtractRoot);
            Assert.Equal(new[] { "mis_call" }, Keys(given.Tables()));
            var unknown = MisSessionOptions.From(settings, new[] { "nope" });
            Assert.Equal("MisTableNotConfigured", Assert.Throws<Rostrvm.Core.Errors.RostrvmException>(() => unknown.Tables()).ErrorId);
        }

        private static List<string> Keys(IReadOnlyList<KeyValuePair<string, string>> pairs) => pairs.Select(p => p.Key).ToList();
    }
}
