using System;
using System.Collections.Generic;
using System.Linq;
using Rostrvm.Core.Binlog;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    /// <summary>The one scan the binlog readers share, on the committed fixtures.</summary>
    public class BinlogScanTests
    {
        private const string MariaDb = "mdbpoc__domain_id_0_mariadb-repl-bin.000004";

        private static string PathOf(string name) => BinlogFixture.Named(name).FilePath;

        private static List<BinlogScanEvent> Scan(string name, BinlogRange range, bool continueAfterStop = false) =>
            new BinlogScan(new[] { PathOf(name) }, range) { ContinueAfterStop = continueAfterStop }.Events().ToList();

        private static long EventPositionAt(string name, int index) =>
            Scan(name, BinlogRange.All).Where(e => !e.IsFormatDescription).Select(e => e.Event.Position).ElementAt(index);

        [Fact]
        public void Stops_before_the_event_at_the_stop_position_and_names_it()
        {
            var stop = EventPositionAt(MariaDb, 40);
            var scan = new BinlogScan(new[] { PathOf(MariaDb) }, new BinlogRange { StopPosition = stop });
            var events = scan.Events().Where(e => !e.IsFormatDescription).ToList();
            Assert.Equal(40, events.Count);
            Assert.All(events, e => Assert.True(e.Event.Position < stop));
            Assert.NotNull(scan.StopEvent);
            Assert.Equal(stop, scan.StopEvent.Position);

            var all = Scan(MariaDb, new BinlogRange { StopPosition = stop }, continueAfterStop: true)
                .Where(e => !e.IsFormatDescription).ToList();
            Assert.Equal(Scan(MariaDb, BinlogRange.All).Count(e => !e.IsFormatDescription), all.Count);
            Assert.Equal(40, all.Count(e => !e.AfterStop));
        }

        [Fact]
        public void Leaves_out_an_excluded_transaction_whole_and_reports_it()
        {
            var all = Scan(MariaDb, BinlogRange.All);
            var victim = all.Where(e => e.Transaction?.Gtid != null).Select(e => e.Transaction).Distinct().Skip(3).First();
            Assert.NotNull(victim?.Gtid);
            var count = all.Count(e => e.Transaction == victim);
            var scan = new BinlogScan(new[] { PathOf(MariaDb) }, new BinlogRange { ExcludeGtids = new HashSet<string> { victim.Gtid } });
            var rest = scan.Events().ToList();
            Assert.Equal(all.Count - count, rest.Count);
            Assert.DoesNotContain(rest, e => e.Transaction?.Gtid == victim.Gtid);
            Assert.Equal(victim.StartPosition, Assert.Single(scan.Excluded).StartPosition);
        }

        [Fact]
        public void Judges_every_event_against_the_filters_and_notes_the_databases_of_each_transaction()
        {
            var events = Scan(MariaDb, new BinlogRange { Databases = new[] { "sbtest-repl" } });
            var transactions = events.Select(e => e.Transaction).OfType<BinlogScanTransaction>().Distinct().ToList();
            Assert.NotEmpty(transactions);
            Assert.All(transactions.Where(t => t.Changes("sbtest-repl")), t => Assert.True(t.Matched));
            Assert.All(
                events.Where(e => e.Matches),
                e => Assert.True(e.Database == "sbtest-repl" || e.Tables.Any(t => t.Database == "sbtest-repl")));
            Assert.DoesNotContain(events, e => e.Event.Type == BinlogEventType.Xid && e.Matches);
        }

        [Theory]
        [InlineData(MariaDb)]
        [InlineData("rmc__transaction_compression.000001")]
        [InlineData("rmc__mariadb-bin.000001")]
        [InlineData("shyiko__mysql-bin.checksum-crc32")]
        public void The_query_and_the_writer_see_the_same_transactions_for_seeded_stops(string name)
        {
            var positions = Scan(name, BinlogRange.All)
                .Where(e => !e.IsFormatDescription && !e.Event.IsInPayload)
                .Select(e => e.Event.Position).ToList();
            var random = new Random(17);
            for (var i = 0; i < 6; i++)
            {
                var range = new BinlogRange { StopPosition = positions[random.Next(positions.Count)] };
                var queried = new BinlogEventQuery(range) { IncludeRows = false }
                    .Transactions(new[] { PathOf(name) }).Where(t => t.Complete).ToList();
                var written = new BinlogSqlWriter().ReadStatements(new[] { PathOf(name) }, range).Where(s => s.EndsTransaction).ToList();
                Assert.Equal(queried.Count, written.Count);
                Assert.Equal(queried.Select(t => t.EndPosition), written.Select(s => s.EndPosition));
            }
        }
    }
}
