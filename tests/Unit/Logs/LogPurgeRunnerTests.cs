using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.IO;
using Rostrvm.Core.Logs;
using Xunit;

namespace Rostrvm.Tests.Unit.Logs
{
    public class LogPurgeRunnerTests : IDisposable
    {
        // The fake clock: 02:00 on 25 November 2026, the nightly run.
        private static readonly DateTime Now = new DateTime(2026, 11, 25, 2, 0, 0, DateTimeKind.Local);
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "rostrvm-logs-" + Guid.NewGuid().ToString("N"));

        public LogPurgeRunnerTests() => Directory.CreateDirectory(_dir);
        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private string Log(string relative, DateTime lastWrite, int lines = 200)
        {
            var path = Path.Combine(_dir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var text = new StringBuilder();
            for (var i = 0; i < lines; i++) text.Append($"{lastWrite:yyyy-MM-dd} 10:00:{i % 60:00} INFO {relative} line {i}\n");
            File.WriteAllText(path, text.ToString());
            File.SetLastWriteTime(path, lastWrite);
            return path;
        }

        private LogPurgeOutcome Run(TimeSpan? compress = null, TimeSpan? delete = null, bool defaults = true)
        {
            var request = new LogPurgeRequest
            {
                Directory = _dir,
                Patterns = new RostrvmSettings().EffectiveLogPatterns,
                Now = Now,
                CompressOlderThan = compress ?? (defaults ? TimeSpan.FromDays(2) : (TimeSpan?)null),
                DeleteOlderThan = delete ?? (defaults ? TimeSpan.FromDays(90) : (TimeSpan?)null),
            };
            var plan = LogPurgePlanner.Plan(request);
            return new LogPurgeRunner(_dir).RunAsync(plan, CancellationToken.None).GetAwaiter().GetResult();
        }

        /// <summary>Relative path -> (SHA-256, last write) of every file under the log directory.</summary>
        private Dictionary<string, string> Snapshot() =>
            Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f) != LogPurgeRunner.LockFileName)
                .ToDictionary(f => Path.GetRelativePath(_dir, f),
                              f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))) + " " + File.GetLastWriteTimeUtc(f).Ticks);

        private static string Unzip(string zip, out ZipArchiveEntry entryInfo)
        {
            using (var archive = ZipFile.OpenRead(zip))
            {
                entryInfo = Assert.Single(archive.Entries);
                using (var reader = new StreamReader(entryInfo.Open())) return reader.ReadToEnd();
            }
        }

        [Fact]
        public void a_four_month_tree_ends_in_the_expected_month_folders_and_a_second_run_changes_nothing()
        {
            var expired = Log("CallDirector_20260810.log", new DateTime(2026, 8, 10, 23, 59, 0));
            var september = Log("CallDirector_20260905.log", new DateTime(2026, 9, 5, 23, 59, 58));
            var october = Log("RoutingEngine_20261015.log", new DateTime(2026, 10, 15, 12, 0, 0));
            var novemberOld = Log("CallDirector_20261123.log", new DateTime(2026, 11, 23, 1, 0, 0));
            var recent = Log("CallDirector_20261124.log", new DateTime(2026, 11, 24, 23, 0, 0));
            var notALog = Log("notes.doc", new DateTime(2026, 9, 1));
            var nested = Log(Path.Combine("archive", "inner.log"), new DateTime(2026, 9, 1));
            var otherInMonthFolder = Log(Path.Combine("Sep26", "readme.txt"), new DateTime(2026, 9, 1));
            var septemberText = File.ReadAllText(september);
            var recentBefore = File.ReadAllBytes(recent);
            // A zip from the August run, past the retention: deleted, and its folder with it.
            Directory.CreateDirectory(Path.Combine(_dir, "Aug26"));
            var augustZip = Path.Combine(_dir, "Aug26", "CallDirector_20260801.log.zip");
            using (var file = File.Create(augustZip)) ZipEntryWriter.WriteSingle(file, "CallDirector_20260801.log",
                new DateTime(2026, 8, 1), new MemoryStream(new byte[] { 1, 2, 3 }), CancellationToken.None);
            File.SetLastWriteTime(augustZip, new DateTime(2026, 8, 1, 23, 0, 0));

            var outcome = Run();

            Assert.Empty(outcome.Failures);
            var byName = outcome.Files.ToDictionary(f => f.Name, f => f.Action);
            Assert.Equal(new Dictionary<string, string>
            {
                ["CallDirector_20260810.log"] = "Deleted",
                ["CallDirector_20260801.log.zip"] = "Deleted",
                ["CallDirector_20260905.log"] = "Compressed",
                ["RoutingEngine_20261015.log"] = "Compressed",
                ["CallDirector_20261123.log"] = "Compressed",
            }, byName);

            Assert.False(File.Exists(expired));
            Assert.False(Directory.Exists(Path.Combine(_dir, "Aug26")));
            foreach (var log in new[] { september, october, novemberOld }) Assert.False(File.Exists(log));
            Assert.Equal(recentBefore, File.ReadAllBytes(recent));
            Assert.True(File.Exists(notALog) && File.Exists(nested) && File.Exists(otherInMonthFolder));

            var septemberZip = Path.Combine(_dir, "Sep26", "CallDirector_20260905.log.zip");
            Assert.Equal(septemberText, Unzip(septemberZip, out var entry));
            Assert.Equal("CallDirector_20260905.log", entry.FullName);
            Assert.Equal(new DateTime(2026, 9, 5, 23, 59, 58), entry.LastWriteTime.DateTime);
            Assert.Equal(new DateTime(2026, 9, 5, 23, 59, 58), File.GetLastWriteTime(septemberZip));
            Assert.True(File.Exists(Path.Combine(_dir, "Oct26", "RoutingEngine_20261015.log.zip")));
            Assert.True(File.Exists(Path.Combine(_dir, "Nov26", "CallDirector_20261123.log.zip")));
            var compressed = outcome.Files.Single(f => f.Name == "CallDirector_20260905.log");
            Assert.Equal(septemberZip, compressed.ZipPath);
            Assert.Equal("Sep26", compressed.MonthFolder);
            Assert.Equal(new FileInfo(septemberZip).Length, compressed.ZipLength);
            Assert.InRange(compressed.Ratio, 0.01, 0.5);

            var afterFirst = Snapshot();
            var second = Run();
            Assert.Empty(second.Files);
            Assert.Empty(second.Failures);
            Assert.Equal(afterFirst, Snapshot());
        }

        [Fact]
        public void a_run_stopped_after_the_rename_finishes_without_a_duplicate()
        {
            var log = Log("CallDirector_20261101.log", new DateTime(2026, 11, 1, 22, 0, 0));
            var content = File.ReadAllText(log);
            // What a killed run leaves: the complete zip in place, the log not yet deleted, and an
            // unfinished temporary zip of another log.
            Directory.CreateDirectory(Path.Combine(_dir, "Nov26"));
            var zip = Path.Combine(_dir, "Nov26", "CallDirector_20261101.log.zip");
            using (var file = File.Create(zip)) using (var source = File.OpenRead(log))
                ZipEntryWriter.WriteSingle(file, "CallDirector_20261101.log", File.GetLastWriteTime(log), source, CancellationToken.None);
            var partial = Path.Combine(_dir, "Nov26", "CallDirector_20261102.log.zip.0badf00d" + AtomicFile.TemporarySuffix);
            File.WriteAllBytes(partial, new byte[] { 0x50, 0x4b, 3, 4, 0 });
            var other = Log("CallDirector_20261102.log", new DateTime(2026, 11, 2, 22, 0, 0));

            var outcome = Run();

            Assert.Empty(outcome.Failures);
            Assert.Equal("AlreadyCompressed", outcome.Files.Single(f => f.Name == "CallDirector_20261101.log").Action);
            Assert.Equal("Compressed", outcome.Files.Single(f => f.Name == "CallDirector_20261102.log").Action);
            Assert.False(File.Exists(log));
            Assert.False(File.Exists(partial));
            Assert.Equal(new[] { "CallDirector_20261101.log.zip", "CallDirector_20261102.log.zip" },
                Directory.GetFiles(Path.Combine(_dir, "Nov26")).Select(Path.GetFileName).OrderBy(n => n));
            Assert.Equal(content, Unzip(zip, out _));
            Assert.False(File.Exists(other));
        }

        [Fact]
        public void another_log_of_the_same_name_in_the_same_month_gets_a_numbered_zip()
        {
            Directory.CreateDirectory(Path.Combine(_dir, "Nov26"));
            var earlier = Path.Combine(_dir, "Nov26", "server.log.zip");
            using (var file = File.Create(earlier)) ZipEntryWriter.WriteSingle(file, "server.log", new DateTime(2026, 11, 3),
                new MemoryStream(Encoding.UTF8.GetBytes("older content\n")), CancellationToken.None);
            var log = Log("server.log", new DateTime(2026, 11, 20));

            var outcome = Run();

            var result = Assert.Single(outcome.Files);
            Assert.Equal(Path.Combine(_dir, "Nov26", "server.log (2).zip"), result.ZipPath);
            Assert.Equal("older content\n", Unzip(earlier, out _));
            Assert.NotNull(result.ZipPath);
            Assert.StartsWith("2026-11-20", Unzip(result.ZipPath, out var entry));
            Assert.Equal("server.log", entry.FullName);
        }

        [Fact]
        public void a_corrupt_zip_under_the_target_name_is_reported_and_both_files_kept()
        {
            var log = Log("CallDirector_20261101.log", new DateTime(2026, 11, 1, 22, 0, 0));
            Directory.CreateDirectory(Path.Combine(_dir, "Nov26"));
            var zip = Path.Combine(_dir, "Nov26", "CallDirector_20261101.log.zip");
            File.WriteAllText(zip, "PK this is not really a zip");
            var good = Log("CallDirector_20261102.log", new DateTime(2026, 11, 2, 22, 0, 0));

            var outcome = Run();

            var failure = Assert.Single(outcome.Failures);
            Assert.Equal("CorruptZip", failure.ErrorId);
            Assert.Equal(zip, failure.Target);
            Assert.True(File.Exists(log));
            Assert.Equal("PK this is not really a zip", File.ReadAllText(zip));
            Assert.Equal("Compressed", Assert.Single(outcome.Files).Action);
            Assert.False(File.Exists(good));
        }

        [Fact]
        public void an_expired_corrupt_or_foreign_zip_in_a_month_folder_is_not_deleted()
        {
            Directory.CreateDirectory(Path.Combine(_dir, "Jun26"));
            var corrupt = Path.Combine(_dir, "Jun26", "CallDirector_20260601.log.zip");
            File.WriteAllBytes(corrupt, new byte[] { 0x50, 0x4b, 3, 4, 1, 2, 3 });
            File.SetLastWriteTime(corrupt, new DateTime(2026, 6, 1));
            var foreign = Path.Combine(_dir, "Jun26", "photos.zip");
            using (var file = File.Create(foreign)) ZipEntryWriter.WriteSingle(file, "cat.jpg", new DateTime(2026, 6, 2),
                new MemoryStream(new byte[] { 1 }), CancellationToken.None);
            File.SetLastWriteTime(foreign, new DateTime(2026, 6, 2));

            var outcome = Run();

            Assert.Equal("CorruptZip", Assert.Single(outcome.Failures).ErrorId);
            var skipped = Assert.Single(outcome.Files);
            Assert.Equal(("Skipped", "NotALogZip"), (skipped.Action, skipped.Reason));
            Assert.True(File.Exists(corrupt) && File.Exists(foreign));
        }

        [Fact]
        public void a_file_named_like_the_month_folder_stops_only_that_month()
        {
            File.WriteAllText(Path.Combine(_dir, "Oct26"), "someone's file");
            var october = Log("CallDirector_20261010.log", new DateTime(2026, 10, 10));
            var november = Log("CallDirector_20261110.log", new DateTime(2026, 11, 10));

            var outcome = Run();

            var failure = Assert.Single(outcome.Failures);
            Assert.Equal("MonthFolderIsFile", failure.ErrorId);
            Assert.True(File.Exists(october));
            Assert.Equal("someone's file", File.ReadAllText(Path.Combine(_dir, "Oct26")));
            Assert.False(File.Exists(november));
            Assert.True(File.Exists(Path.Combine(_dir, "Nov26", "CallDirector_20261110.log.zip")));
        }

        [Fact]
        public void a_log_held_open_for_writing_is_skipped_and_reported()
        {
            var held = Log("CallDirector_20261110.log", new DateTime(2026, 11, 10));
            var free = Log("CallDirector_20261111.log", new DateTime(2026, 11, 11));
            using (new FileStream(held, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            {
                File.SetLastWriteTime(held, new DateTime(2026, 11, 10));
                var outcome = Run();

                var skipped = outcome.Files.Single(f => f.Name == "CallDirector_20261110.log");
                Assert.Equal(("Skipped", "InUse"), (skipped.Action, skipped.Reason));
                Assert.Equal("Compressed", outcome.Files.Single(f => f.Name == "CallDirector_20261111.log").Action);
                Assert.True(File.Exists(held));
                Assert.False(File.Exists(Path.Combine(_dir, "Nov26", "CallDirector_20261110.log.zip")));
                Assert.False(File.Exists(free));
            }
        }

        [Fact]
        public void a_missing_directory_is_a_clear_error()
        {
            var missing = Path.Combine(_dir, "nope");
            var ex = Assert.Throws<Rostrvm.Core.Errors.RostrvmException>(() =>
                LogPurgePlanner.Plan(new LogPurgeRequest { Directory = missing, Patterns = new[] { "*.log" }, Now = Now,
                    CompressOlderThan = TimeSpan.FromDays(2) }));
            Assert.Equal("LogDirectoryNotFound", ex.ErrorId);
            Assert.Contains(missing, ex.Message);
        }

        [Fact]
        public void the_plan_alone_changes_nothing()
        {
            Log("CallDirector_20261001.log", new DateTime(2026, 10, 1));
            Log("CallDirector_20260701.log", new DateTime(2026, 7, 1));
            var before = Snapshot();

            var plan = LogPurgePlanner.Plan(new LogPurgeRequest { Directory = _dir, Patterns = new[] { "*.log" }, Now = Now,
                CompressOlderThan = TimeSpan.FromDays(2), DeleteOlderThan = TimeSpan.FromDays(90) });

            Assert.Equal(new[] { (LogActionKind.Delete, "CallDirector_20260701.log"),
                (LogActionKind.Compress, "CallDirector_20261001.log") },
                plan.Select(a => (a.Kind, a.Name)));
            Assert.Equal(Path.Combine(_dir, "Oct26", "CallDirector_20261001.log.zip"), plan[1].ZipPath);
            Assert.Equal(before, Snapshot());
            Assert.False(Directory.Exists(Path.Combine(_dir, "Oct26")));
        }
    
        [Fact]
        public async Task a_second_run_on_the_same_directory_waits_then_fails_clearly()
        {
            var log = Log("CallDirector_20261101.log", new DateTime(2026, 11, 1));
            var lockPath = Path.Combine(_dir, LogPurgeRunner.LockFileName);
            using (await FileJobLock.AcquireAsync(lockPath, TimeSpan.Zero, CancellationToken.None))
            {
                var plan = LogPurgePlanner.Plan(new LogPurgeRequest { Directory = _dir, Patterns = new[] { "*.log" }, Now = Now,
                    CompressOlderThan = TimeSpan.FromDays(2) });
                var runner = new LogPurgeRunner(_dir) { LockTimeout = TimeSpan.FromMilliseconds(300) };
                var ex = await Assert.ThrowsAsync<Rostrvm.Core.Errors.RostrvmException>(() =>
                    runner.RunAsync(plan, CancellationToken.None));
                Assert.Equal("JobLocked", ex.ErrorId);
                Assert.True(File.Exists(log));
            }
        }

        [Fact]
        public void a_link_to_a_file_outside_the_log_directory_is_never_followed()
        {
            var outside = Path.Combine(Path.GetTempPath(), "rostrvm-outside-" + Guid.NewGuid().ToString("N") + ".log");
            File.WriteAllText(outside, "not a rostrvm log");
            File.SetLastWriteTime(outside, new DateTime(2026, 1, 1));
            try
            {
                var link = Path.Combine(_dir, "CallDirector_20260101.log");
                File.CreateSymbolicLink(link, outside);
                Directory.CreateSymbolicLink(Path.Combine(_dir, "Jan26"), Path.GetTempPath());

                var outcome = Run();

                Assert.Empty(outcome.Files);
                Assert.Empty(outcome.Failures);
                Assert.Equal("not a rostrvm log", File.ReadAllText(outside));
                Assert.NotNull(new FileInfo(link).LinkTarget);
            }
            finally { File.Delete(outside); }
        }

        [Fact]
        public void compresses_two_files_at_a_time_on_a_multi_core_machine()
        {
            Assert.Equal(Environment.ProcessorCount > 1 ? 2 : 1, new LogPurgeRunner(_dir).MaxParallel);
        }
    }
}
