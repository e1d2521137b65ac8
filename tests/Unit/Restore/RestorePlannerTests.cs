using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Restore;
using Xunit;

namespace Rostrvm.Tests.Unit.Restore
{
    /// <summary>
    /// Restore planning without a server: binlog chains made of a real MariaDB 11.8 binlog
    /// (tests/fixtures/binlog) copied under rostrvm's names, and minimal .rbk files (header and
    /// completion line) naming their snapshot coordinates.
    /// </summary>
    public sealed class RestorePlannerTests : IDisposable
    {
        private const string Fixture = "mdbpoc__domain_id_0_mariadb-repl-bin.000004";
        /// <summary>The database the fixture's transactions change.</summary>
        private const string FixtureDatabase = "sbtest-repl";
        private readonly string _root = Path.Combine(Path.GetTempPath(), "rostrvm-plan-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        private readonly string _server;
        private readonly string _copies;
        private readonly string _backups;

        public RestorePlannerTests()
        {
            _server = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
            _copies = Directory.CreateDirectory(Path.Combine(_root, "backups", "binlog")).FullName;
            _backups = Path.Combine(_root, "backups");
        }

        public void Dispose()
        {
            try { Directory.Delete(_root, true); } catch (IOException) { }
        }

        private static string FixturePath => Path.Combine(AppContext.BaseDirectory, "fixtures", "binlog", Fixture);

        private static List<BinlogEvent> FixtureEvents() => new BinlogReader(FixturePath).ReadEvents().ToList();

        private string Binlog(string folder, int sequence, Action<byte[]>? patch = null)
        {
            var path = Path.Combine(folder, "rtmbinlog." + sequence.ToString("D6"));
            var bytes = File.ReadAllBytes(FixturePath);
            patch?.Invoke(bytes);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        private string Backup(
            string name, DateTime snapshotUtc, string binlogFile, long position, bool complete = true, string database = FixtureDatabase)
        {
            var header = new BackupHeader
            {
                Database = database, Flavor = "MariaDB", ServerVersion = "10.11", SnapshotTimeUtc = snapshotUtc,
                BinlogFile = binlogFile, BinlogPosition = position
            };
            var text = new StringBuilder();
            text.Append("-- Rostrvm backup\n").Append(header.ToLine()).Append('\n').Append("SET NAMES utf8mb4;\n");
            if (complete)
                text.Append(new BackupCompletion { Rows = 0, Bytes = 10, Sha256 = new string('a', 64), CompletedUtc = snapshotUtc,
                    TableEntries = new System.Collections.Generic.List<BackupTableEntry>() }
                    .ToLine()).Append('\n');
            var path = Path.Combine(_backups, name);
            File.WriteAllText(path, text.ToString());
            return path;
        }

        private RestoreRequest Request(RestoreTargetKind kind, DateTime? pointUtc = null) => new RestoreRequest
        {
            Database = FixtureDatabase,
            BackupFolder = _backups,
            BinlogFolders = new List<string> { _server, _copies },
            Kind = kind,
            PointInTimeUtc = pointUtc,
            NowUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        };

        /// <summary>The position of the first event after the format description (a real event boundary).</summary>
        private static long SecondEventPosition => FixtureEvents()[1].Position;

        [Fact]
        public void Parses_file_and_position_targets()
        {
            Assert.True(RestorePlanner.TryParsePosition("rtmbinlog.000012:4567", out var file, out var position));
            Assert.Equal("rtmbinlog.000012", file);
            Assert.Equal(4567, position);
            Assert.True(RestorePlanner.TryParsePosition("/var/lib/mysql/rtmbinlog.000003:4", out file, out _));
            Assert.Equal("rtmbinlog.000003", file);
            Assert.False(RestorePlanner.TryParsePosition("rtmbinlog:12", out _, out _));
            Assert.False(RestorePlanner.TryParsePosition("0-1-42", out _, out _));
        }

        [Fact]
        public void Stops_at_the_first_event_at_or_after_the_point_in_time_like_mariadb_binlog()
        {
            Binlog(_server, 1);
            var events = FixtureEvents();
            var start = SecondEventPosition;
            var snapshot = events[1].TimeUtc;
            Backup("rostrvm_920_1.rbk", snapshot, "rtmbinlog.000001", start);
            var target = snapshot.AddSeconds(2);
            var plan = RestorePlanner.Plan(Request(RestoreTargetKind.PointInTime, target));

            Assert.True(plan.Reachable, plan.Verdict);
            var expected = events.First(e => e.Position >= start && e.Type != BinlogEventType.FormatDescription && e.TimeUtc >= target);
            Assert.Equal(expected.Position, plan.StopPosition);
            Assert.Equal("rtmbinlog.000001", plan.StopFile);
            Assert.Equal(expected.Position, plan.Binlogs.Single().StopPosition);
            Assert.Equal(start, plan.Binlogs.Single().StartPosition);
            Assert.NotNull(plan.LastApplied);
            Assert.True(plan.LastApplied.EndPosition <= expected.Position);
            Assert.True(plan.LastApplied.TimeUtc < target);
            Assert.NotNull(plan.FirstNotApplied);
            Assert.True(plan.FirstNotApplied.Position >= plan.LastApplied.EndPosition);
            Assert.False(string.IsNullOrEmpty(plan.LastApplied.Summary));
            Assert.True(plan.TransactionsToApply > 0);
        }

        [Fact]
        public void Chooses_the_newest_complete_backup_before_the_target_and_never_an_incomplete_one()
        {
            Binlog(_server, 1);
            Binlog(_server, 2);
            var t0 = FixtureEvents()[1].TimeUtc;
            var start = SecondEventPosition;
            Backup("rostrvm_920_1.rbk", t0, "rtmbinlog.000001", start);
            var second = Backup("rostrvm_920_2.rbk", t0.AddSeconds(1), "rtmbinlog.000002", start);
            Backup("rostrvm_920_3.rbk", t0.AddSeconds(2), "rtmbinlog.000002", start, complete: false);
            Backup("other_1.rbk", t0.AddSeconds(2), "rtmbinlog.000002", start, database: "other");

            var plan = RestorePlanner.Plan(Request(RestoreTargetKind.PointInTime, t0.AddSeconds(3)));
            Assert.True(plan.Reachable, plan.Verdict);
            Assert.Equal(second, plan.BackupPath);
            Assert.Equal("rtmbinlog.000002", plan.Binlogs.First().Name);
        }

        [Fact]
        public void Refuses_a_point_before_the_first_backup()
        {
            Binlog(_server, 1);
            var t0 = FixtureEvents()[1].TimeUtc;
            Backup("rostrvm_920_1.rbk", t0, "rtmbinlog.000001", SecondEventPosition);
            var plan = RestorePlanner.Plan(Request(RestoreTargetKind.PointInTime, t0.AddHours(-1)));
            Assert.False(plan.Reachable);
            Assert.Equal("RestorePointBeforeFirstBackup", plan.ProblemId);
            Assert.Contains("before the first backup", plan.Problems[0]);
        }

        [Fact]
        public void Refuses_a_point_in_the_future()
        {
            Binlog(_server, 1);
            Backup("rostrvm_920_1.rbk", FixtureEvents()[1].TimeUtc, "rtmbinlog.000001", SecondEventPosition);
            var request = Request(RestoreTargetKind.PointInTime, new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc));
            var plan = RestorePlanner.Plan(request);
            Assert.False(plan.Reachable);
            Assert.Equal("RestorePointInFuture", plan.ProblemId);
        }

        [Fact]
        public void Refuses_a_chain_with_a_missing_sequence_number()
        {
            Binlog(_server, 1);
            Binlog(_copies, 2);
            Binlog(_server, 4);
            var chain = BinlogChain.Discover(new[] { _server, _copies }, "rtmbinlog");
            var problems = new List<RestoreProblem>();
            var files = chain.From("rtmbinlog.000001", 4, problems);
            Assert.Equal(new[] { "rtmbinlog.000001", "rtmbinlog.000002" }, files.Select(f => f.Name));
            var gap = Assert.Single(problems);
            Assert.Equal("BinlogChainGap", gap.Id);
            Assert.Contains("rtmbinlog.000003 is missing", gap.Message);
        }

        [Fact]
        public void Refuses_when_the_backups_binlog_was_purged_before_it_was_copied()
        {
            Binlog(_server, 3);
            Binlog(_server, 4);
            Backup("rostrvm_920_1.rbk", FixtureEvents()[1].TimeUtc, "rtmbinlog.000002", SecondEventPosition);
            var plan = RestorePlanner.Plan(Request(RestoreTargetKind.Latest));
            Assert.False(plan.Reachable);
            Assert.Equal("BinlogChainGap", plan.ProblemId);
            Assert.Contains("purged before it was copied", plan.Problems[0]);
        }

        [Fact]
        public void Refuses_a_chain_that_changes_server_id()
        {
            Binlog(_server, 1);
            // Server id of the format description event (header bytes 5..8 after the 4-byte magic).
            Binlog(_server, 2, bytes =>
            {
                BitConverter.GetBytes(77u).CopyTo(bytes, 4 + 5);
                var length = BitConverter.ToInt32(bytes, 4 + 9);
                var crc = System.IO.Hashing.Crc32.HashToUInt32(new ReadOnlySpan<byte>(bytes, 4, length - 4));
                BitConverter.GetBytes(crc).CopyTo(bytes, 4 + length - 4);
            });
            var chain = BinlogChain.Discover(new[] { _server }, "rtmbinlog");
            Assert.Empty(chain.Problems);
            var problems = new List<RestoreProblem>();
            chain.From("rtmbinlog.000001", 4, problems);
            var problem = Assert.Single(problems);
            Assert.Equal("BinlogChainGap", problem.Id);
            Assert.Contains("server id 77", problem.Message);
        }

        [Fact]
        public void Counts_a_file_once_when_the_server_and_the_copy_folder_hold_identical_copies()
        {
            Binlog(_server, 1);
            Binlog(_copies, 1);
            Binlog(_copies, 2);
            var chain = BinlogChain.Discover(new[] { _server, _copies }, "rtmbinlog");
            Assert.Empty(chain.Problems);
            Assert.Equal(new[] { "rtmbinlog.000001", "rtmbinlog.000002" }, chain.Files.Select(f => f.Name));
            Assert.Equal("Server+Copy", chain.Files[0].Source);
            Assert.Equal("Copy", chain.Files[1].Source);
        }

        [Fact]
        public void Refuses_two_different_files_with_one_name()
        {
            Binlog(_server, 1);
            Binlog(_copies, 1, bytes => bytes[bytes.Length - 1] ^= 0xFF);
            var chain = BinlogChain.Discover(new[] { _server, _copies }, "rtmbinlog");
            var problem = Assert.Single(chain.Problems);
            Assert.Equal("BinlogChainConflict", problem.Id);
        }

        [Fact]
        public void Resolves_an_excluded_transaction_from_any_of_its_events_and_leaves_it_out()
        {
            Binlog(_server, 1);
            var events = FixtureEvents();
            Backup("rostrvm_920_1.rbk", events[1].TimeUtc, "rtmbinlog.000001", SecondEventPosition);
            var all = RestorePlanner.Plan(Request(RestoreTargetKind.Latest));
            Assert.True(all.Reachable, all.Verdict);
            var gtid = events.Select(e => e.Data).OfType<MariaDbGtidEventData>().Skip(5).First().Gtid;
            var request = Request(RestoreTargetKind.Latest);
            request.Exclude = new List<string> { gtid };
            var plan = RestorePlanner.Plan(request);
            Assert.True(plan.Reachable, plan.Verdict);
            var excluded = Assert.Single(plan.Excluded);
            Assert.Equal(gtid, excluded.Gtid);
            Assert.Equal(all.TransactionsToApply - 1, plan.TransactionsToApply);

            request.Exclude = new List<string> { $"rtmbinlog.000001:{excluded.Position + 1}" };
            Assert.Equal(excluded.Position, Assert.Single(RestorePlanner.Plan(request).Excluded).Position);

            request.Exclude = new List<string> { "9-9-999999" };
            var missing = RestorePlanner.Plan(request);
            Assert.False(missing.Reachable);
            Assert.Equal("ExcludedTransactionNotFound", missing.ProblemId);
        }

        [Fact]
        public void Counts_only_the_restored_databases_transactions_and_the_others_apart()
        {
            Binlog(_server, 1);
            var events = FixtureEvents();
            Backup("rostrvm_920_1.rbk", events[1].TimeUtc, "rtmbinlog.000001", SecondEventPosition);
            var own = RestorePlanner.Plan(Request(RestoreTargetKind.Latest));
            Assert.True(own.Reachable, own.Verdict);
            Assert.True(own.TransactionsToApply > 0);
            Assert.Contains($"{own.TransactionsToApply} transaction(s) of {FixtureDatabase} to replay", own.Verdict);

            // The same files planned for another database: nothing of it to replay, every transaction counted apart.
            Backup("other_1.rbk", events[1].TimeUtc, "rtmbinlog.000001", SecondEventPosition, database: "other");
            var request = Request(RestoreTargetKind.Latest);
            request.Database = "other";
            var other = RestorePlanner.Plan(request);
            Assert.True(other.Reachable, other.Verdict);
            Assert.Equal(0, other.TransactionsToApply);
            Assert.Null(other.LastApplied);
            Assert.Equal(own.TransactionsToApply + own.TransactionsOtherDatabases, other.TransactionsOtherDatabases);
            Assert.Contains("skipped, other databases: " + other.TransactionsOtherDatabases, other.Verdict);
        }
    }
}
