
namespace Rostrvm.Core.Binlog
{
    /// <summary>Something happened the binlog could not capture (e.g. LOST_EVENTS).</summary>
    public sealed class IncidentEventData : EventData
    {
        public ushort IncidentType { get; private set; }
        public string Message { get; private set; } = "";

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            var data = new IncidentEventData { IncidentType = r.ReadUInt16() };
            data.Message = r.AtEnd ? string.Empty : r.ReadString(r.ReadByte());
            return data;
        }
    }
}
