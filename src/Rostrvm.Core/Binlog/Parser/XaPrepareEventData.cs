using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>XA PREPARE of an XA transaction (MySQL).</summary>
    public sealed class XaPrepareEventData : EventData
    {
        public bool OnePhase { get; private set; }
        public int FormatId { get; private set; }
        public byte[] Gtrid { get; private set; } = Array.Empty<byte>();
        public byte[] Bqual { get; private set; } = Array.Empty<byte>();

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            var data = new XaPrepareEventData { OnePhase = r.ReadByte() != 0, FormatId = (int)r.ReadUInt32() };
            var g = (int)r.ReadUInt32();
            var b = (int)r.ReadUInt32();
            data.Gtrid = r.ReadBytes(g).ToArray();
            data.Bqual = r.ReadBytes(b).ToArray();
            return data;
        }
    }
}
