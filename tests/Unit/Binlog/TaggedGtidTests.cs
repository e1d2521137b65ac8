using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rostrvm.Core.Binlog;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    /// <summary>
    /// MySQL 8.4 / 9.x tagged GTIDs (Gtid_tagged_log_event, type 42, and the tagged encoding of
    /// Previous_gtids), on binlogs built byte for byte from the MySQL 9 source's layout.
    /// </summary>
    public class TaggedGtidTests
    {
        private static readonly Guid Source = Guid.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562");
        private static readonly Guid Other = Guid.Parse("a1b2c3d4-0000-4000-8000-00000000ff01");

        [Theory]
        // The examples of the serialization readme, bytes in file order.
        [InlineData(65535UL, new byte[] { 0xFB, 0xFF, 0x07 })]
        [InlineData(0UL, new byte[] { 0x00 })]
        [InlineData(127UL, new byte[] { 0xFE })]
        [InlineData(128UL, new byte[] { 0x01, 0x02 })]
        [InlineData(ulong.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
        public void unsigned_varlen_integers_are_written_and_read_as_documented(ulong value, byte[] bytes)
        {
            Assert.Equal(bytes, MySqlSerialization.Unsigned(value));
            var r = new EventBodyReader(bytes);
            Assert.Equal(value, SerializedVarLen.ReadUnsigned(ref r));
            Assert.True(r.AtEnd);
        }

        [Theory]
        [InlineData(65535L, new byte[] { 0xF3, 0xFF, 0x0F })]
        [InlineData(-65535L, new byte[] { 0xEB, 0xFF, 0x0F })]
        [InlineData(-65536L, new byte[] { 0xFB, 0xFF, 0x0F })]
        public void signed_varlen_integers_are_written_and_read_as_documented(long value, byte[] bytes)
        {
            Assert.Equal(bytes, MySqlSerialization.Signed(value));
            var r = new EventBodyReader(bytes);
            Assert.Equal(value, SerializedVarLen.ReadSigned(ref r));
        }

        [Fact]
        public void every_varlen_width_reads_back()
        {
            foreach (var shift in Enumerable.Range(0, 64))
                foreach (var value in new[] { 1UL << shift, (1UL << shift) - 1, ulong.MaxValue >> shift })
                {
                    var r = new EventBodyReader(MySqlSerialization.Unsigned(value));
                    Assert.Equal(value, SerializedVarLen.ReadUnsigned(ref r));
                    Assert.True(r.AtEnd);
                }
        }

        private static SyntheticMySqlBinlog TaggedTransactionFile(out long gtidPosition)
        {
            var log = new SyntheticMySqlBinlog();
            log.AddPreviousGtids(MySqlSerialization.TaggedGtidSet(
                (Source, "", new[] { (1L, 6L) }),
                (Source, "nightly", new[] { (1L, 4L), (7L, 8L) }),
                (Other, "", new[] { (1L, 101L) })));
            gtidPosition = log.AddTaggedGtid(MySqlSerialization.TaggedGtidBody(Source, "nightly", 8, lastCommitted: 0, sequenceNumber: 1,
                commitMicroseconds: 1795010700123456UL, transactionLength: 300, serverVersion: 90100));
            log.AddQuery("shop", "BEGIN");
            log.AddQuery("shop", "INSERT INTO item VALUES (5, 'scone')");
            log.AddXid(99);
            return log;
        }

        [Fact]
        public void a_tagged_binlog_is_read_whole_through_the_reader()
        {
            using (var dir = new TempDirectory())
            {
                var path = TaggedTransactionFile(out var gtidAt).Save(dir.Path);
                var reader = new BinlogReader(path);
                var events = reader.ReadEvents().ToList();
                Assert.Equal(new[] { BinlogEventType.FormatDescription, BinlogEventType.PreviousGtids, BinlogEventType.GtidTagged,
                    BinlogEventType.Query, BinlogEventType.Query, BinlogEventType.Xid }, events.Select(e => e.Type));
                Assert.Equal(5, reader.VerifiedChecksums);
                Assert.Equal(new FileInfo(path).Length, reader.Position);

                var previous = Assert.IsType<PreviousGtidsEventData>(events[1].Data);
                Assert.True(previous.IsTaggedEncoding);
                Assert.Equal(
                    "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:nightly:1-3:7,\na1b2c3d4-0000-4000-8000-00000000ff01:1-100",
                    previous.GtidSet);

                var gtid = Assert.IsType<MySqlGtidEventData>(events[2].Data);
                Assert.Equal(gtidAt, events[2].Position);
                Assert.Equal("3e11fa47-71ca-11e1-9e33-c80aa9429562:nightly:8", gtid.Gtid);
                Assert.Equal("3e11fa47-71ca-11e1-9e33-c80aa9429562", gtid.SourceUuid);
                Assert.Equal("nightly", gtid.Tag);
                Assert.Equal(8, gtid.SequenceNumber);
                Assert.Equal(0, gtid.LastCommitted);
                Assert.Equal(1, gtid.TransactionSequence);
                Assert.Equal(1795010700123456UL, gtid.ImmediateCommitMicroseconds);
                Assert.Equal(1, gtid.Flags);
                Assert.False(gtid.IsAnonymous);
                Assert.Equal("INSERT INTO item VALUES (5, 'scone')", Assert.IsType<QueryEventData>(events[4].Data).Sql);
            }
        }

        [Fact]
        public void the_tagged_gtid_names_its_transaction_and_is_written_to_sql_as_gtid_next()
        {
            using (var dir = new TempDirectory())
            {
                var path = TaggedTransactionFile(out var gtidAt).Save(dir.Path);
                var tracker = new BinlogTransactionTracker();
                var seen = BinlogReader.ReadFile(path).Select(e => tracker.Observe(e)).Where(t => t.Gtid != null).ToList();
                Assert.Equal(4, seen.Count); // GTID, BEGIN, INSERT, XID
                Assert.All(seen, t => Assert.Equal("3e11fa47-71ca-11e1-9e33-c80aa9429562:nightly:8", t.Gtid));
                Assert.All(seen, t => Assert.Equal(gtidAt, t.StartPosition));

                var statements = new BinlogSqlWriter(new BinlogSqlWriterOptions { PreserveGtids = true })
                    .ReadStatements(new[] { path }, BinlogRange.All).ToList();
                Assert.Contains(statements, s => s.Sql == "SET @@SESSION.GTID_NEXT='3e11fa47-71ca-11e1-9e33-c80aa9429562:nightly:8'");
                Assert.Contains(statements, s => s.Sql == "SET @@SESSION.GTID_NEXT='AUTOMATIC'");
                Assert.Contains(statements, s => s.Sql == "INSERT INTO item VALUES (5, 'scone')");

                var excluded = new BinlogSqlWriter().ReadStatements(new[] { path },
                    new BinlogRange
                    {
                        ExcludeGtids = new HashSet<string> { GtidText.Normalize(" 3E11FA47-71CA-11E1-9E33-C80AA9429562 : Nightly : 8 ") }
                    }).ToList();
                Assert.DoesNotContain(excluded, s => s.Sql.Contains("scone"));
            }
        }

        [Fact]
        public void optional_and_newer_ignorable_fields_are_read_past()
        {
            using (var dir = new TempDirectory())
            {
                var log = new SyntheticMySqlBinlog("8.4.3");
                // original_commit_timestamp (7), original_server_version (10), commit_group_ticket (11),
                // and a field 14 from a newer server.
                log.AddTaggedGtid(MySqlSerialization.TaggedGtidBody(Source, "Batch_2", 12345678901L, 3, 4, 1UL, 280, 80403,
                    (7, MySqlSerialization.Unsigned(1795010700000000UL)), (10, MySqlSerialization.Unsigned(80036)),
                    (11, MySqlSerialization.Unsigned(77)), (14, new byte[] { 0x02, 0x04, 0x06 })));
                log.AddXid(1);
                var events = BinlogReader.ReadFile(log.Save(dir.Path)).ToList();
                var gtid = Assert.IsType<MySqlGtidEventData>(events[1].Data);
                Assert.Equal("3e11fa47-71ca-11e1-9e33-c80aa9429562:batch_2:12345678901", gtid.Gtid);
                Assert.Equal(4, gtid.TransactionSequence);
                Assert.Equal(BinlogEventType.Xid, events[2].Type);
            }
        }

        public static IEnumerable<object[]> DamagedTaggedGtids()
        {
            var good = MySqlSerialization.TaggedGtidBody(Source, "nightly", 8, 0, 1, 1UL, 300, 90100);
            // A field this reader does not know, marked as not to be ignored (last non-ignorable id 14).
            yield return new object[]
            {
                MySqlSerialization.Message(
                    new[]
                    {
                        (0, MySqlSerialization.Unsigned(1)),
                        (1, MySqlSerialization.ByteArray(MySqlSerialization.UuidBytes(Source))),
                        (2, MySqlSerialization.Signed(8)),
                        (13, new byte[] { 0 })
                    },
                    14),
                "not to be ignored"
            };
            // The message size says more bytes than the event holds.
            var longer = (byte[])good.Clone();
            longer[1] = (byte)(longer[1] + 8);
            yield return new object[] { longer, "does not fit" };
            // A tag with a character no tag may hold.
            yield return new object[]
            {
                MySqlSerialization.TaggedGtidBody(Source, "no-dash", 8, 0, 1, 1UL, 300, 90100), "not a valid GTID tag"
            };
            // GNO 0 names no transaction.
            yield return new object[] { MySqlSerialization.TaggedGtidBody(Source, "nightly", 0, 0, 1, 1UL, 300, 90100), "invalid GNO" };
            // Serialization format version 2 is unknown.
            var v2 = (byte[])good.Clone();
            v2[0] = MySqlSerialization.Unsigned(2)[0];
            yield return new object[] { v2, "format version" };
        }

        [Theory]
        [MemberData(nameof(DamagedTaggedGtids))]
        public void a_damaged_tagged_gtid_is_refused_after_the_events_before_it(byte[] body, string reason)
        {
            using (var dir = new TempDirectory())
            {
                var log = new SyntheticMySqlBinlog();
                log.AddQuery("shop", "CREATE TABLE t (id INT)");
                var at = log.AddTaggedGtid(body);
                log.AddXid(1);
                var seen = new List<BinlogEvent>();
                var ex = Assert.Throws<BinlogFormatException>(() =>
                {
                    foreach (var e in BinlogReader.ReadFile(log.Save(dir.Path))) seen.Add(e);
                });
                Assert.Equal("BinlogCorruptEvent", ex.ErrorId);
                Assert.Equal(at, ex.Position);
                Assert.Contains("binlog.000001", ex.Message);
                Assert.Contains(reason, ex.Message);
                Assert.Equal(new[] { BinlogEventType.FormatDescription, BinlogEventType.Query }, seen.Select(e => e.Type));
            }
        }

        [Fact]
        public void an_untagged_set_in_the_old_encoding_still_reads()
        {
            using (var dir = new TempDirectory())
            {
                var log = new SyntheticMySqlBinlog("8.0.36");
                var set = new List<byte>();
                set.AddRange(BitConverter.GetBytes(1UL));
                set.AddRange(MySqlSerialization.UuidBytes(Source));
                set.AddRange(BitConverter.GetBytes(2UL));
                foreach (var v in new[] { 1L, 4L, 9L, 10L }) set.AddRange(BitConverter.GetBytes(v));
                log.AddPreviousGtids(set.ToArray());
                var previous = BinlogReader.ReadFile(log.Save(dir.Path)).Select(e => e.Data).OfType<PreviousGtidsEventData>().Single();
                Assert.False(previous.IsTaggedEncoding);
                Assert.Equal("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-3:9", previous.GtidSet);
            }
        }

        [Theory]
        [InlineData(" 3E11FA47-71CA-11E1-9E33-C80AA9429562 : Nightly : 8 ", "3e11fa47-71ca-11e1-9e33-c80aa9429562:nightly:8")]
        [InlineData("3e11fa4771ca11e19e33c80aa9429562:8", "3e11fa47-71ca-11e1-9e33-c80aa9429562:8")]
        [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:_x1:42", "3e11fa47-71ca-11e1-9e33-c80aa9429562:_x1:42")]
        [InlineData(" 0-1-42 ", "0-1-42")]
        public void typed_gtids_take_the_form_the_reader_shows(string typed, string shown)
        {
            Assert.True(GtidText.TryNormalize(typed, out var gtid));
            Assert.Equal(shown, gtid);
            Assert.True(GtidText.SameTransaction(typed, shown));
        }

        [Theory]
        [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:1tag:8")]   // a tag starts with a letter or _
        [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:tag:0")]    // GNO 0 is no transaction
        [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:a:b:8")]
        [InlineData("rtmbinlog.000012:4567")]
        public void what_is_no_gtid_is_not_taken_for_one(string typed)
        {
            Assert.False(GtidText.TryNormalize(typed, out _));
            Assert.Equal(typed.Trim(), GtidText.Normalize(typed));
        }
    }
}
