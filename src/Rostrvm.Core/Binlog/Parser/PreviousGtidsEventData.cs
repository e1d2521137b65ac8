using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// MySQL: the GTID set executed before this file. Its first 8 bytes hold the number of source
    /// ids and, in the top byte, the encoding: 0 untagged; 1 tagged (MySQL 8.3+), where the count
    /// sits in bytes 1-6 and every UUID is followed by its tag (a varlen-length string, empty
    /// for untagged GTIDs). Then per id its intervals [start, end). Shown as MySQL shows sets:
    /// <c>uuid:1-5:tag:1-3</c>, one UUID per line.
    /// https://github.com/mysql/mysql-server/blob/trunk/sql/rpl_gtid_set.cc (Gtid_set::encode)
    /// </summary>
    public sealed class PreviousGtidsEventData : EventData
    {
        public string GtidSet { get; private set; } = "";

        /// <summary>True when the set is written in the tagged encoding (MySQL 8.3+).</summary>
        public bool IsTaggedEncoding { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            const string what = "GTID set";
            var r = new EventBodyReader(ev.Body);
            var encoded = r.ReadUInt64();
            var format = (byte)(encoded >> 56);
            ulong sidCount;
            if (format == 0) sidCount = encoded & 0x00FFFFFFFFFFFFFFUL;
            else if (format == 1) sidCount = (encoded & 0x00FFFFFFFFFFFF00UL) >> 8;
            else throw new EventDecodeException($"{what}: unknown encoding format {format}");
            var sb = new StringBuilder();
            string? lastUuid = null;
            for (ulong i = 0; i < sidCount; i++)
            {
                var uuid = Uuid.Format(r.ReadBytes(16));
                var tag = format == 1 ? GtidText.Tag(SerializedMessage.ReadString(ref r, GtidText.MaxTagLength, what), what) : string.Empty;
                if (uuid != lastUuid)
                {
                    if (lastUuid != null) sb.Append(",\n");
                    sb.Append(uuid);
                    lastUuid = uuid;
                }
                if (tag.Length > 0) sb.Append(':').Append(tag);
                var n = r.ReadUInt64();
                if (n > (ulong)r.Remaining / 16) throw new EventDecodeException($"{what}: {n} intervals for {uuid} do not fit the event");
                long last = 0;
                for (ulong k = 0; k < n; k++)
                {
                    var start = (long)r.ReadUInt64();
                    var end = (long)r.ReadUInt64();
                    if (start <= last
                        || end <= start) throw new EventDecodeException($"{what}: interval {start}-{end} of {uuid} is out of order");
                    last = end;
                    sb.Append(':').Append(start);
                    if (end - 1 != start) sb.Append('-').Append(end - 1);
                }
            }
            if (!r.AtEnd) throw new EventDecodeException($"{what}: {r.Remaining} byte(s) after the last interval");
            return new PreviousGtidsEventData { GtidSet = sb.ToString(), IsTaggedEncoding = format == 1 };
        }
    }
}
