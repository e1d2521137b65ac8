using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rostrvm.Core.Binlog;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    public class BinlogReaderFixtureTests
    {
        private static readonly string[] Refused = { "mdbtest__master-bin.000001", "rmc__binlog_truncated_prev_gtid_event.000001" };

        public static IEnumerable<object[]> ReadableFixtures() =>
            BinlogFixture.All().Where(f => !Refused.Contains(f.Name)).Select(f => new object[] { f.Name });

        public static IEnumerable<object[]> AllFixtures() => BinlogFixture.All().Select(f => new object[] { f.Name });

        private static List<BinlogEvent> ReadAll(string path, BinlogReaderOptions? options = null) =>
            BinlogReader.ReadFile(path, options).ToList();

        [Fact]
        public void every_fixture_in_the_manifest_is_covered()
        {
            var files = Directory.GetFiles(BinlogFixture.Directory).Select(f => Path.GetFileName(f))
                .Where(n => !n.EndsWith(".txt") && !n.EndsWith(".tsv") && !n.EndsWith(".md")).OrderBy(n => n).ToList();
            Assert.Equal(files, BinlogFixture.All().Select(f => f.Name).OrderBy(n => n).ToList());
            Assert.Equal(16, files.Count);
        }

        [Theory]
        [MemberData(nameof(ReadableFixtures))]
        public void event_count_and_types_equal_the_manifest(string name)
        {
            var fixture = BinlogFixture.Named(name);
            var reader = new BinlogReader(fixture.FilePath);
            var events = reader.ReadEvents().ToList();
            var top = events.Where(e => !e.IsInPayload).ToList();
            Assert.Equal(fixture.WalkerEventCount, top.Count);
            var counts = top.GroupBy(e => e.TypeName).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(fixture.TypeCounts.OrderBy(k => k.Key), counts.OrderBy(k => k.Key));
            var inner = events.Where(e => e.IsInPayload).GroupBy(e => e.TypeName).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(fixture.InnerTypeCounts.OrderBy(k => k.Key), inner.OrderBy(k => k.Key));
            Assert.Equal(fixture.CrcOk, reader.VerifiedChecksums);
            Assert.Equal(new FileInfo(fixture.FilePath).Length, reader.Position);
            Assert.All(events.Where(e => !(e.Data is RawEventData)), e => Assert.NotNull(e.Data));
        }

        [Theory]
        [MemberData(nameof(ReadableFixtures))]
        public void positions_equal_the_mariadb_binlog_reference(string name)
        {
            var fixture = BinlogFixture.Named(name);
            var events = ReadAll(fixture.FilePath).Where(e => !e.IsInPayload).ToList();
            var ours = events.Select(e => e.Position).ToList();
            var reference = fixture.ReferencePositions();
            Assert.NotEmpty(reference);
            // mariadb-binlog prints a position for every event it reads; where it gives up
            // (MySQL JSON, compressed transactions) its list is a prefix of ours.
            Assert.Equal(reference, ours.Take(reference.Count).ToList());
            if (fixture.ReferenceReachedEnd) Assert.Equal(reference.Count, ours.Count);
            var ends = fixture.ReferenceEndPositions();
            var ourEnds = events.Select(e => e.NextPosition).ToList();
            Assert.Equal(ends, ourEnds.Take(ends.Count).ToList());
            // MariaDB 11 writes end_log_pos 0 inside transactions; elsewhere it names the next event.
            for (var i = 1; i < events.Count; i++)
                if (events[i - 1].NextPosition != 0) Assert.Equal(events[i - 1].NextPosition, events[i].Position);
        }

        [Theory]
        [MemberData(nameof(ReadableFixtures))]
        public void decoded_row_values_equal_the_mariadb_binlog_reference(string name)
        {
            var fixture = BinlogFixture.Named(name);
            var reference = fixture.ReferenceValues();
            var ours = new List<string>();
            foreach (var ev in ReadAll(fixture.FilePath))
            {
                if (!(ev.Data is RowsEventData rows)) continue;
                Assert.NotNull(rows.TableMap);
                foreach (var change in rows.Rows())
                {
                    foreach (var image in new[] { change.Before, change.After })
                    {
                        if (image == null) continue;
                        for (var i = 0; i < image.Length; i++)
                            if (!image[i].IsMissing) ours.Add("@" + (i + 1) + "=" + RowText.Format(image[i], rows.TableMap, i).TrimEnd());
                    }
                }
            }
            Assert.True(ours.Count >= reference.Count, $"decoded {ours.Count} values, reference has {reference.Count}");
            Assert.Equal(reference, ours.Take(reference.Count).ToList());
            if (fixture.ReferenceReachedEnd) Assert.Equal(reference.Count, ours.Count);
        }

        [Fact]
        public void the_truncated_file_yields_the_events_before_the_damage_then_an_error_naming_the_position()
        {
            var fixture = BinlogFixture.Named("rmc__binlog_truncated_prev_gtid_event.000001");
            var seen = new List<BinlogEvent>();
            var ex = Assert.Throws<BinlogFormatException>(() =>
                { foreach (var e in BinlogReader.ReadFile(fixture.FilePath)) seen.Add(e); });
            Assert.Single(seen);
            Assert.Equal(BinlogEventType.FormatDescription, seen[0].Type);
            Assert.Equal(120, ex.Position);
            Assert.Equal("BinlogTruncated", ex.ErrorId);
            Assert.Equal(fixture.FilePath, ex.File);
            Assert.Contains("position 120", ex.Message);
            Assert.Contains("9 trailing byte", ex.Message);
        }

        [Fact]
        public void the_v3_file_is_refused_clearly()
        {
            var fixture = BinlogFixture.Named("mdbtest__master-bin.000001");
            var ex = Assert.Throws<BinlogFormatException>(() => BinlogReader.ReadFile(fixture.FilePath).ToList());
            Assert.Equal("BinlogUnsupportedFormat", ex.ErrorId);
            Assert.Contains("v1/v3", ex.Message);
            Assert.Contains(fixture.Name, ex.Message);
        }

        [Theory]
        [InlineData("shyiko__mysql-bin.checksum-crc32")]
        [InlineData("rmc__mariadb-bin.000001")]
        public void a_flipped_byte_fails_the_checksum_at_that_event(string name)
        {
            var fixture = BinlogFixture.Named(name);
            var events = ReadAll(fixture.FilePath);
            var victim = events[events.Count / 2];
            var copy = Path.Combine(Path.GetTempPath(), "rostrvm-corrupt-" + Guid.NewGuid().ToString("N"));
            var bytes = File.ReadAllBytes(fixture.FilePath);
            bytes[victim.Position + victim.Length - 6] ^= 0x5A; // a body byte, not the length
            File.WriteAllBytes(copy, bytes);
            try
            {
                var seen = new List<BinlogEvent>();
                var ex = Assert.Throws<BinlogFormatException>(() => { foreach (var e in BinlogReader.ReadFile(copy)) seen.Add(e); });
                Assert.Equal("BinlogChecksumMismatch", ex.ErrorId);
                Assert.Equal(victim.Position, ex.Position);
                Assert.Contains("position " + victim.Position, ex.Message);
                Assert.Contains(copy, ex.Message);
                Assert.Equal(events.TakeWhile(e => e.Position < victim.Position).Count(e => !e.IsInPayload),
                    seen.Count(e => !e.IsInPayload));
            }
            finally { File.Delete(copy); }
        }

        [Fact]
        public void a_file_that_is_not_a_binlog_is_refused()
        {
            var path = Path.Combine(Path.GetTempPath(), "rostrvm-notbinlog-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(path, "-- this is a SQL dump, not a binlog\n");
            try
            {
                var ex = Assert.Throws<BinlogFormatException>(() => BinlogReader.ReadFile(path).ToList());
                Assert.Equal("BinlogNotABinlog", ex.ErrorId);
                Assert.Equal(0, ex.Position);
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void a_missing_file_is_reported_with_its_name()
        {
            var ex = Assert.Throws<BinlogFormatException>(() => BinlogReader.ReadFile("/nonexistent/rtmbinlog.000001").ToList());
            Assert.Equal("BinlogNotFound", ex.ErrorId);
            Assert.Contains("rtmbinlog.000001", ex.Message);
        }

        [Fact]
        public void a_corrupt_length_without_checksums_is_caught_by_the_end_position()
        {
            var fixture = BinlogFixture.Named("shyiko__mysql-bin.checksum-none");
            var events = ReadAll(fixture.FilePath);
            var victim = events[10];
            var copy = Path.Combine(Path.GetTempPath(), "rostrvm-len-" + Guid.NewGuid().ToString("N"));
            var bytes = File.ReadAllBytes(fixture.FilePath);
            bytes[victim.Position + 9] ^= 0x01; // event length
            File.WriteAllBytes(copy, bytes);
            try
            {
                var ex = Assert.Throws<BinlogFormatException>(() => BinlogReader.ReadFile(copy).ToList());
                Assert.Equal(victim.Position, ex.Position);
            }
            finally { File.Delete(copy); }
        }

        [Fact]
        public void start_and_stop_positions_select_events_after_the_format_description()
        {
            var fixture = BinlogFixture.Named("shyiko__mysql-bin.checksum-crc32");
            var all = ReadAll(fixture.FilePath);
            var start = all[20].Position;
            var stop = all[40].Position;
            var some = ReadAll(fixture.FilePath, new BinlogReaderOptions { StartPosition = start, StopPosition = stop });
            Assert.Equal(BinlogEventType.FormatDescription, some[0].Type);
            Assert.Equal(all.Skip(20).Take(20).Select(e => e.Position), some.Skip(1).Select(e => e.Position));
        }

        [Fact]
        public void raw_bytes_are_the_bytes_of_the_file()
        {
            var fixture = BinlogFixture.Named("rmc__mariadb-bin.000001");
            var bytes = File.ReadAllBytes(fixture.FilePath);
            foreach (var e in ReadAll(fixture.FilePath))
                Assert.Equal(bytes.Skip((int)e.Position).Take(e.Length).ToArray(), e.Raw);
        }
    }
}
