
namespace Rostrvm.Core.Binlog
{
    /// <summary>The RAND() seeds of the next statement.</summary>
    public sealed class RandEventData : EventData
    {
        public ulong Seed1 { get; private set; }
        public ulong Seed2 { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            return new RandEventData { Seed1 = r.ReadUInt64(), Seed2 = r.ReadUInt64() };
        }
    }
}
