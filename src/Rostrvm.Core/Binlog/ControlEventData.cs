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
        /// <summary>The GTID as the server writes it: <c>uuid:n</c> (MySQL), <c>domain-server-seq</c> (MariaDB); null for anonymous.</summary>
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

        public override string Gtid => IsAnonymous ? null : Tag == null ? $"{SourceUuid}:{SequenceNumber}" : $"{SourceUuid}:{Tag}:{SequenceNumber}";

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
        /// MySQL 8.3+ tagged GTID (Gtid_tagged_log_event), written with the serialization framework:
        /// a message of (field id, value) pairs in variable-length integers. Only the fields needed
        /// to name the transaction are read; the rest is skipped.
        /// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Gtid__event.html
        /// </summary>
        internal static EventData DecodeTagged(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            var data = new MySqlGtidEventData();
            var messageSize = SerializedVarLen.ReadUnsigned(ref r);
            var lastField = -1L;
            while (!r.AtEnd)
            {
                var field = (long)SerializedVarLen.ReadUnsigned(ref r);
                if (field <= lastField) break;
                lastField = field;
                switch (field)
                {
                    case 0: data.Flags = (byte)SerializedVarLen.ReadUnsigned(ref r); break;
                    case 1: data.SourceUuid = Uuid.Format(r.ReadBytes(16)); break;
                    case 2: data.SequenceNumber = SerializedVarLen.ReadSigned(ref r); break;
                    case 3:
                        {
                            var len = (int)SerializedVarLen.ReadUnsigned(ref r);
                            data.Tag = r.ReadString(len);
                            break;
                        }
                    case 4: data.LastCommitted = SerializedVarLen.ReadSigned(ref r); break;
                    case 5: data.TransactionSequence = SerializedVarLen.ReadSigned(ref r); break;
                    case 6: data.ImmediateCommitMicroseconds = SerializedVarLen.ReadUnsigned(ref r); break;
                    default: return data; // later fields do not change the transaction's name
                }
            }
            if (string.IsNullOrEmpty(data.Tag)) data.Tag = null;
            return data;
        }
    }

    /// <summary>MySQL: the GTID set executed before this file.</summary>
    public sealed class PreviousGtidsEventData : EventData
    {
        public string GtidSet { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            var sidCount = r.ReadUInt64();
            var sb = new StringBuilder();
            for (ulong i = 0; i < sidCount && !r.AtEnd; i++)
            {
                if (i > 0) sb.Append(",\n");
                sb.Append(Uuid.Format(r.ReadBytes(16)));
                var n = r.ReadUInt64();
                for (ulong k = 0; k < n; k++)
                {
                    var start = r.ReadUInt64();
                    var end = r.ReadUInt64();
                    sb.Append(':').Append(start);
                    if (end - 1 != start) sb.Append('-').Append(end - 1);
                }
            }
            return new PreviousGtidsEventData { GtidSet = sb.ToString() };
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
                    if (written != output.Length) throw new EventDecodeException($"transaction payload expanded to {written} bytes, header says {UncompressedSize}");
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

    /// <summary>The variable-length integers of MySQL's serialization framework (tagged GTIDs):
    /// the number of trailing one bits of the first byte says how many more bytes follow.</summary>
    internal static class SerializedVarLen
    {
        public static ulong ReadUnsigned(ref EventBodyReader r)
        {
            var first = r.ReadByte();
            var extra = 0;
            while (extra < 8 && ((first >> extra) & 1) == 1) extra++;
            if (extra == 8)
            {
                return r.ReadUInt64();
            }
            ulong value = (ulong)first >> (extra + 1);
            var shift = 7 - extra;
            for (var i = 0; i < extra; i++)
            {
                value |= (ulong)r.ReadByte() << shift;
                shift += 8;
            }
            return value;
        }

        public static long ReadSigned(ref EventBodyReader r)
        {
            var u = ReadUnsigned(ref r);
            return (u & 1) == 0 ? (long)(u >> 1) : -(long)(u >> 1) - 1;
        }
    }
}
