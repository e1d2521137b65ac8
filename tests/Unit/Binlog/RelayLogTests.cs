using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Rostrvm.Core.Binlog;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    /// <summary>
    /// Relay logs written by a MariaDB 10.11 replica of the sandbox (tests/fixtures/binlog-generated/README.md):
    /// the replica's own format description, the source's format description mid-file, and the
    /// source's events carrying the source's log positions, not this file's offsets.
    /// </summary>
    public class RelayLogTests
    {
        private const string Relay = "mariadb-10.11-relay.000002";
        private const string RelayMixedChecksums = "mariadb-10.11-relay-source-no-checksum.000002";

        private static string Generated(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "binlog-generated", name);

        private static string[] Reference(string name) => File.ReadAllLines(Generated(name) + ".mariadb-binlog.txt");

        private static readonly Regex EndLogPos = new Regex(@"end_log_pos (\d+)");

        [Theory]
        [InlineData(Relay)]
        [InlineData(RelayMixedChecksums)]
        public void every_event_is_read_at_the_position_mariadb_binlog_gives_with_the_log_position_it_carries(string name)
        {
            var reader = new BinlogReader(Generated(name));
            var events = reader.ReadEvents().ToList();
            var reference = Reference(name);
            Assert.Contains("# End of log file", reference);
            Assert.Equal(
                reference.Where(l => l.StartsWith("# at ")).Select(l => long.Parse(l.Substring(5))),
                events.Select(e => e.Position));
            Assert.Equal(
                reference.Select(l => EndLogPos.Match(l)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value)),
                events.Select(e => e.NextPosition));
            Assert.Equal(new FileInfo(Generated(name)).Length, reader.Position);
            Assert.True(reader.IsRelayLog);
            // The source's events name positions in the source's binlog, so they do not chain here.
            Assert.Contains(events.Zip(events.Skip(1), (a, b) => (a, b)), p => p.a.NextPosition != 0 && p.a.NextPosition != p.b.Position);
        }

        [Theory]
        [InlineData(Relay)]
        [InlineData(RelayMixedChecksums)]
        public void the_source_events_decode_to_the_rows_and_statements_mariadb_binlog_prints(string name)
        {
            var events = BinlogReader.ReadFile(Generated(name)).ToList();
            var ours = new List<string>();
            foreach (var rows in events.Select(e => e.Data).OfType<RowsEventData>())
            {
                Assert.NotNull(rows.TableMap);
                foreach (var change in rows.Rows())
                    foreach (var image in new[] { change.Before, change.After })
                        if (image != null)
                            for (var i = 0; i < image.Length; i++)
                                ours.Add("@" + (i + 1) + "=" + RowText.Format(image[i], rows.TableMap, i));
            }
            var reference = Reference(name).Where(l => l.StartsWith("###   @")).Select(l => l.Substring(6).TrimEnd()).ToList();
            Assert.Equal(28, reference.Count);
            Assert.Equal(reference, ours);
            Assert.Equal(new[] { "0-1-1", "0-1-2", "0-1-3", "0-1-4", "0-1-5", "0-1-6" },
                events.Select(e => e.Data).OfType<MariaDbGtidEventData>().Select(g => g.Gtid));
            var statements = events.Select(e => e.Data).OfType<QueryEventData>().Select(q => q.Sql).ToList();
            Assert.Contains("UPDATE shop.item SET name='green tea' WHERE id=1", statements);
            Assert.Contains(statements, s => s.StartsWith("CREATE TABLE shop.item"));
            Assert.Equal(
                new[] { "shop.item" },
                events.Select(e => e.Data).OfType<TableMapEventData>().Select(m => m.QualifiedName.Replace("`", "")).Distinct());
        }

        [Fact]
        public void the_second_format_description_governs_the_checksums_of_the_events_after_it()
        {
            // The replica writes CRC32; the source wrote no checksums, and its events keep none.
            var reader = new BinlogReader(Generated(RelayMixedChecksums));
            var events = reader.ReadEvents().ToList();
            var formats = events.Where(e => e.Type == BinlogEventType.FormatDescription).ToList();
            Assert.Equal(new long[] { 4, 303 }, formats.Select(e => e.Position));
            Assert.Equal(new uint[] { 2, 1 }, formats.Select(e => e.ServerId));
            Assert.NotNull(reader.Format);
            Assert.NotNull(reader.ActiveFormat);
            Assert.True(reader.Format.HasChecksums);
            Assert.False(reader.ActiveFormat.HasChecksums);
            Assert.Same(formats[1], reader.ActiveFormatEvent);
            Assert.Same(formats[0], reader.FormatEvent);
            // Only the Rotate between the two format descriptions carries (and verifies) a CRC32.
            Assert.Equal(1, reader.VerifiedChecksums);
            Assert.Equal("relay.000003", Assert.IsType<RotateEventData>(events.Last().Data).NextFile);

            var allCrc = new BinlogReader(Generated(Relay));
            var count = allCrc.ReadEvents().Count();
            Assert.Equal(count - 2, allCrc.VerifiedChecksums);
        }

        [Theory]
        [InlineData(Relay)]
        [InlineData(RelayMixedChecksums)]
        public void a_read_from_a_position_after_the_source_format_description_uses_that_description(string name)
        {
            var all = BinlogReader.ReadFile(Generated(name)).ToList();
            var firstUpdate = all.First(e => e.Type == BinlogEventType.MariaDbGtid && e.Data is MariaDbGtidEventData { SequenceNumber: 4 });
            var reader = new BinlogReader(Generated(name), new BinlogReaderOptions { StartPosition = firstUpdate.Position });
            var some = reader.ReadEvents().ToList();
            Assert.Equal(BinlogEventType.FormatDescription, some[0].Type);
            Assert.Equal(
                all.SkipWhile(e => e.Position < firstUpdate.Position).Select(e => e.Position),
                some.Skip(1).Select(e => e.Position));
            Assert.NotNull(reader.ActiveFormatEvent);
            Assert.Equal(1u, reader.ActiveFormatEvent.ServerId);
            var update = some.Select(e => e.Data).OfType<RowsEventData>().First().Rows().Single();
            Assert.Equal(RowOperation.Update, update.Operation);
        }

        [Fact]
        public void a_damaged_length_in_the_replicas_own_event_is_still_caught_by_its_position()
        {
            // Without checksums only the log position can tell; the closing Rotate is the replica's own.
            var source = Generated(RelayMixedChecksums);
            var events = BinlogReader.ReadFile(source).ToList();
            var rotate = events.Last();
            Assert.NotEqual(0, rotate.Flags & FormatDescriptionEventData.RelayLogFlag);
            var copy = Path.Combine(Path.GetTempPath(), "rostrvm-relay-" + Guid.NewGuid().ToString("N"));
            var bytes = File.ReadAllBytes(source);
            bytes[rotate.Position + 9] -= 1; // event length one byte short
            File.WriteAllBytes(copy, bytes);
            try
            {
                var seen = new List<BinlogEvent>();
                var ex = Assert.Throws<BinlogFormatException>(() => { foreach (var e in BinlogReader.ReadFile(copy)) seen.Add(e); });
                Assert.Equal("BinlogCorruptEvent", ex.ErrorId);
                Assert.Equal(rotate.Position, ex.Position);
                Assert.Equal(events.Count - 1, seen.Count);
            }
            finally { File.Delete(copy); }
        }
    }
}
