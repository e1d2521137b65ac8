#nullable disable
using System;
using System.Collections.Generic;
using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>The server moved on to the next binlog file.</summary>
    public sealed class RotateEventData : EventData
    {
        public ulong NextPosition { get; private set; }
        public string NextFile { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            return new RotateEventData { NextPosition = r.ReadUInt64(), NextFile = EventBodyReader.Utf8(r.ReadToEnd()) };
        }
    }

    /// <summary>The server stopped (written as the last event of a cleanly shut down file).</summary>
    public sealed class StopEventData : EventData
    {
        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context) => new StopEventData();
    }

    /// <summary>Something happened the binlog could not capture (e.g. LOST_EVENTS).</summary>
    public sealed class IncidentEventData : EventData
    {
        public ushort IncidentType { get; private set; }
        public string Message { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            var data = new IncidentEventData { IncidentType = r.ReadUInt16() };
            data.Message = r.AtEnd ? string.Empty : r.ReadString(r.ReadByte());
            return data;
        }
    }

    /// <summary>MariaDB: the oldest binlog file still needed for crash recovery.</summary>
    public sealed class BinlogCheckpointEventData : EventData
    {
        public string File { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            return new BinlogCheckpointEventData { File = r.ReadString((int)r.ReadUInt32()) };
        }
    }

    /// <summary>Common view of every GTID-bearing event (MySQL GTID, anonymous GTID, tagged GTID, MariaDB GTID).</summary>
    public abstract class GtidEventDataBase : EventData
    {
        /// <summary>The GTID as the server writes it: <c>uuid:n</c> or tagged <c>uuid:tag:n</c> (MySQL), <c>domain-server-seq</c>
        /// (MariaDB); null for anonymous.</summary>
        public abstract string Gtid { get; }
    }

    /// <summary>MySQL GTID or anonymous GTID event: starts a transaction.</summary>
    public sealed class MySqlGtidEventData : GtidEventDataBase
    {
        public byte Flags { get; private set; }
        public Guid SourceId { get; private set; }
        public string SourceUuid { get; private set; }
        public long SequenceNumber { get; private set; }
        public string Tag { get; private set; }
        public bool IsAnonymous { get; private set; }
        public long? LastCommitted { get; private set; }
        public long? TransactionSequence { get; private set; }
        public ulong? ImmediateCommitMicroseconds { get; private set; }

        /// <summary><c>uuid:n</c>, or <c>uuid:tag:n</c> for a tagged GTID; null for anonymous.</summary>
        public override string Gtid => IsAnonymous ? null : GtidText.Format(SourceUuid, Tag, SequenceNumber);

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            var data = new MySqlGtidEventData { IsAnonymous = ev.Type == BinlogEventType.AnonymousGtid };
            data.Flags = r.ReadByte();
            data.SourceUuid = Uuid.Format(r.ReadBytes(16));
            data.SequenceNumber = (long)r.ReadUInt64();
            if (r.Remaining >= 17 && r.ReadByte() == 2)
            {
                data.LastCommitted = (long)r.ReadUInt64();
                data.TransactionSequence = (long)r.ReadUInt64();
                if (r.Remaining >= 7)
                {
                    var ts = r.ReadUIntN(7);
                    data.ImmediateCommitMicroseconds = ts & ~(1UL << 55);
                }
            }
            return data;
        }

        /// <summary>
        /// MySQL 8.3+ tagged GTID (Gtid_tagged_log_event, type 42), written with the serialization
        /// framework (<see cref="SerializedMessage"/>). Its fields, by id, as Gtid_event::define_fields
        /// lists them: 0 flags, 1 source UUID (16 bytes, each a varlen integer), 2 GNO (signed),
        /// 3 tag (string, at most 32), 4 last_committed and 5 sequence_number (signed),
        /// 6 immediate and 7 original commit timestamp, 8 transaction length, 9 immediate and
        /// 10 original server version, 11 commit group ticket (unsigned; 7, 10 and 11 only when
        /// they differ from the default).
        /// https://github.com/mysql/mysql-server/blob/trunk/libs/mysql/binlog/event/control_events.h
        /// </summary>
        internal static EventData DecodeTagged(BinlogEvent ev, EventDecodeContext context)
        {
            const string what = "tagged GTID";
            var r = new EventBodyReader(ev.Body);
            var end = SerializedMessage.ReadHeader(ref r, 11, what);
            var data = new MySqlGtidEventData();
            var lastField = -1L;
            var hasUuid = false;
            var hasGno = false;
            while (r.Offset < end)
            {
                var field = (long)SerializedVarLen.ReadUnsigned(ref r);
                if (field <= lastField) throw new EventDecodeException($"{what}: field {field} after field {lastField}");
                lastField = field;
                switch (field)
                {
                    case 0: data.Flags = (byte)SerializedVarLen.ReadUnsigned(ref r); break;
                    case 1: data.SourceUuid = Uuid.Format(SerializedMessage.ReadByteArray(ref r, 16, what)); hasUuid = true; break;
                    case 2: data.SequenceNumber = SerializedVarLen.ReadSigned(ref r); hasGno = true; break;
                    case 3: data.Tag = GtidText.Tag(SerializedMessage.ReadString(ref r, GtidText.MaxTagLength, what), what); break;
                    case 4: data.LastCommitted = SerializedVarLen.ReadSigned(ref r); break;
                    case 5: data.TransactionSequence = SerializedVarLen.ReadSigned(ref r); break;
                    case 6: data.ImmediateCommitMicroseconds = SerializedVarLen.ReadUnsigned(ref r); break;
                    case 7: case 8: case 9: case 10: case 11: SerializedVarLen.ReadUnsigned(ref r); break;
                    default: r.Offset = end; break; // a newer, ignorable field: the size says where the message ends
                }
            }
            if (r.Offset != end) throw new EventDecodeException($"{what}: the fields run {r.Offset - end} byte(s) past the message size");
            if (!hasUuid || !hasGno) throw new EventDecodeException($"{what}: the message has no {(hasUuid ? "GNO" : "source UUID")}");
            if (data.SequenceNumber < 1
                || data.SequenceNumber == long.MaxValue) throw new EventDecodeException($"{what}: invalid GNO {data.SequenceNumber}");
            if (data.Tag.Length == 0) data.Tag = null;
            return data;
        }
    }

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
        public string GtidSet { get; private set; }

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
            string lastUuid = null;
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

    /// <summary>MariaDB GTID event: starts an event group (transaction or DDL).</summary>
    public sealed class MariaDbGtidEventData : GtidEventDataBase
    {
        public const byte StandaloneFlag = 1, GroupCommitIdFlag = 2, TransactionalFlag = 4, AllowParallelFlag = 8,
            WaitedFlag = 16, DdlFlag = 32, PreparedXaFlag = 64, CompletedXaFlag = 128;

        public ulong SequenceNumber { get; private set; }
        public uint DomainId { get; private set; }
        public uint ServerId { get; private set; }
        public byte Flags { get; private set; }
        public ulong? CommitId { get; private set; }
        public bool IsStandalone => (Flags & StandaloneFlag) != 0;
        public bool IsDdl => (Flags & DdlFlag) != 0;
        public override string Gtid => $"{DomainId}-{ServerId}-{SequenceNumber}";

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            var data = new MariaDbGtidEventData { ServerId = ev.ServerId };
            data.SequenceNumber = r.ReadUInt64();
            data.DomainId = r.ReadUInt32();
            data.Flags = r.ReadByte();
            if ((data.Flags & GroupCommitIdFlag) != 0 && r.Remaining >= 8) data.CommitId = r.ReadUInt64();
            return data;
        }
    }

    /// <summary>MariaDB: the GTID state at the start of this file.</summary>
    public sealed class GtidListEventData : EventData
    {
        public string[] Gtids { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            var count = r.ReadUInt32() & 0x0FFFFFFF;
            var list = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var domain = r.ReadUInt32();
                var server = r.ReadUInt32();
                var seq = r.ReadUInt64();
                list.Add($"{domain}-{server}-{seq}");
            }
            return new GtidListEventData { Gtids = list.ToArray() };
        }
    }

    /// <summary>
    /// MySQL 8.0.20+ binlog_transaction_compression: a whole transaction's events, compressed.
    /// The reader expands it into the events it holds (<see cref="BinlogEvent.Container"/>).
    /// </summary>
    public sealed class TransactionPayloadEventData : EventData
    {
        public const ulong CompressionZstd = 0, CompressionNone = 255;

        public ulong CompressionType { get; private set; }
        public ulong PayloadSize { get; private set; }
        public ulong UncompressedSize { get; private set; }
        internal int PayloadOffset { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            var data = new TransactionPayloadEventData();
            while (!r.AtEnd)
            {
                var field = r.ReadPackedInt();
                if (field == 0) break;
                var length = r.ReadPackedLength();
                var value = r.ReadBytes(length);
                var vr = new EventBodyReader(value);
                switch (field)
                {
                    case 1: data.PayloadSize = vr.ReadPackedInt(); break;
                    case 2: data.CompressionType = vr.ReadPackedInt(); break;
                    case 3: data.UncompressedSize = vr.ReadPackedInt(); break;
                }
            }
            data.PayloadOffset = r.Offset;
            return data;
        }

        /// <summary>The uncompressed bytes: a run of complete events.</summary>
        internal byte[] Expand(BinlogEvent ev)
        {
            var payload = ev.Body.Slice(PayloadOffset);
            if (CompressionType == CompressionNone) return payload.ToArray();
            if (CompressionType != CompressionZstd)
                throw new EventDecodeException($"unknown transaction payload compression type {CompressionType}");
            using (var decompressor = new ZstdSharp.Decompressor())
            {
                if (UncompressedSize > 0 && UncompressedSize < int.MaxValue)
                {
                    var output = new byte[UncompressedSize];
                    var written = decompressor.Unwrap(payload, new Span<byte>(output));
                    if (written != output.Length) throw new EventDecodeException($"transaction payload expanded to {written} bytes, " +
                        $"header says {UncompressedSize}");
                    return output;
                }
                return decompressor.Unwrap(payload).ToArray();
            }
        }
    }

    /// <summary>UUIDs the way MySQL prints them.</summary>
    internal static class Uuid
    {
        public static string Format(ReadOnlySpan<byte> b)
        {
            var sb = new StringBuilder(36);
            for (var i = 0; i < 16; i++)
            {
                if (i == 4 || i == 6 || i == 8 || i == 10) sb.Append('-');
                sb.Append(b[i].ToString("x2"));
            }
            return sb.ToString();
        }
    }
}
