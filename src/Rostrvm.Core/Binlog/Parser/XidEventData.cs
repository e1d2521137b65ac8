
namespace Rostrvm.Core.Binlog
{
    /// <summary>The commit of a transaction on a transactional engine.</summary>
    public sealed class XidEventData : EventData
    {
        public ulong Xid { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            return new XidEventData { Xid = r.ReadUInt64() };
        }
    }
}
