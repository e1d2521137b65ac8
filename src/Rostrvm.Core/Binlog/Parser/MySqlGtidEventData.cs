using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>MySQL GTID or anonymous GTID event: starts a transaction.</summary>
    public sealed class MySqlGtidEventData : GtidEventDataBase
    {
        public byte Flags { get; private set; }
        public Guid SourceId { get; private set; }
        public string SourceUuid { get; private set; } = "";
        public long SequenceNumber { get; private set; }
        /// <summary>The tag of a tagged GTID; null when untagged.</summary>
        public string? Tag { get; private set; }
        public bool IsAnonymous { get; private set; }
        public long? LastCommitted { get; private set; }
        public long? TransactionSequence { get; private set; }
        public ulong? ImmediateCommitMicroseconds { get; private set; }

        /// <summary><c>uuid:n</c>, or <c>uuid:tag:n</c> for a tagged GTID; null for anonymous.</summary>
        public override string? Gtid => IsAnonymous ? null : GtidText.Format(SourceUuid, Tag, SequenceNumber);

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
            if (data.Tag?.Length == 0) data.Tag = null;
            return data;
        }
    }
}
