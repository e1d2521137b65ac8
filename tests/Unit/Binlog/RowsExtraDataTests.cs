using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Rostrvm.Core.Binlog;
using Xunit;

namespace Rostrvm.Tests.Unit.Binlog
{
    /// <summary>
    /// The extra data of v2 rows events (MySQL 5.6+): tagged items the reader must step over exactly,
    /// and refuse when damaged instead of reading the rows from the wrong bytes.
    /// </summary>
    public class RowsExtraDataTests
    {
        /// <summary>Table_map for shop.item (one INT column): table id 6 bytes, flags, names, types, no metadata, null bitmap.</summary>
        private static byte[] TableMap()
        {
            var body = new List<byte> { 70, 0, 0, 0, 0, 0, 1, 0 };
            body.Add(4); body.AddRange(Encoding.ASCII.GetBytes("shop")); body.Add(0);
            body.Add(4); body.AddRange(Encoding.ASCII.GetBytes("item")); body.Add(0);
            body.Add(1); body.Add(3); // one column, MYSQL_TYPE_LONG
            body.Add(0);              // no metadata
            body.Add(1);              // nullable
            return body.ToArray();
        }

        /// <summary>Write_rows v2 inserting id 7 with the extra data given (its length is put in front).</summary>
        private static byte[] WriteRows(byte[] extra)
        {
            var body = new List<byte> { 70, 0, 0, 0, 0, 0, 1, 0 }; // table id, STMT_END_F
            body.AddRange(BitConverter.GetBytes((ushort)(extra.Length + 2)));
            body.AddRange(extra);
            body.Add(1);    // one column
            body.Add(0x01); // present
            body.Add(0x00); // not null
            body.AddRange(BitConverter.GetBytes(7));
            return body.ToArray();
        }

        private static string File(TempDirectory dir, byte[] extra, out long rowsAt)
        {
            var log = new SyntheticMySqlBinlog("8.0.36");
            log.AddQuery("shop", "BEGIN");
            log.Add(19, TableMap());
            rowsAt = log.Add(30, WriteRows(extra));
            log.AddXid(5);
            return log.Save(dir.Path);
        }

        [Theory]
        [InlineData(new byte[0])]                                   // what MySQL writes without partitions
        [InlineData(new byte[] { 1, 3, 0 })]                        // partition info: partition 3
        [InlineData(new byte[] { 0, 4, 0, 0xAB, 0xCD })]             // NDB extra row info: 4 bytes with its length and format
        [InlineData(new byte[] { 0, 2, 0, 1, 9, 0 })]                // both
        public void valid_extra_data_is_stepped_over_exactly(byte[] extra)
        {
            using (var dir = new TempDirectory())
            {
                var rows = BinlogReader.ReadFile(File(dir, extra, out _)).Select(e => e.Data).OfType<RowsEventData>().Single();
                var change = rows.Rows().Single();
                Assert.Equal(RowOperation.Insert, change.Operation);
                Assert.NotNull(change.After);
                Assert.NotNull(rows.TableMap);
                Assert.Equal("7", RowText.Format(change.After[0], rows.TableMap, 0));
            }
        }

        [Theory]
        [InlineData(new byte[] { 0x7F, 0 }, "invalid tag 127")]
        [InlineData(new byte[] { 2, 0, 0 }, "invalid tag 2")]
        [InlineData(new byte[] { 1 }, "partition info")]             // the partition id is cut off
        [InlineData(new byte[] { 0, 9, 0 }, "extra row info")]       // declares more than the extra data holds
        [InlineData(new byte[] { 0, 1 }, "extra row info")]          // shorter than its own length and format bytes
        public void a_damaged_rows_event_is_refused_naming_file_and_position_after_the_events_before_it(byte[] extra, string reason)
        {
            using (var dir = new TempDirectory())
            {
                var path = File(dir, extra, out var rowsAt);
                var seen = new List<BinlogEvent>();
                var ex = Assert.Throws<BinlogFormatException>(() => { foreach (var e in BinlogReader.ReadFile(path)) seen.Add(e); });
                Assert.Equal("BinlogCorruptEvent", ex.ErrorId);
                Assert.Equal(rowsAt, ex.Position);
                Assert.Equal(path, ex.File);
                Assert.Contains("binlog.000001' cannot be read at position " + rowsAt, ex.Message);
                Assert.Contains("Write_rows event", ex.Message);
                Assert.Contains(reason, ex.Message);
                Assert.Equal(
                    new[] { BinlogEventType.FormatDescription, BinlogEventType.Query, BinlogEventType.TableMap },
                    seen.Select(e => e.Type));
            }
        }

        [Fact]
        public void an_extra_data_length_past_the_event_is_refused()
        {
            using (var dir = new TempDirectory())
            {
                var log = new SyntheticMySqlBinlog("8.0.36");
                log.Add(19, TableMap());
                var body = WriteRows(new byte[0]);
                body[8] = 200; // extra data length 200 in a 17-byte body
                var at = log.Add(30, body);
                var ex = Assert.Throws<BinlogFormatException>(() => BinlogReader.ReadFile(log.Save(dir.Path)).ToList());
                Assert.Equal(at, ex.Position);
                Assert.Contains("runs past the end of the event", ex.Message);
            }
        }
    }
}
