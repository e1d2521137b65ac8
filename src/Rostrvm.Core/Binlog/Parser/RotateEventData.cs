
namespace Rostrvm.Core.Binlog
{
    /// <summary>The server moved on to the next binlog file.</summary>
    public sealed class RotateEventData : EventData
    {
        public ulong NextPosition { get; private set; }
        public string NextFile { get; private set; } = "";

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            return new RotateEventData { NextPosition = r.ReadUInt64(), NextFile = EventBodyReader.Utf8(r.ReadToEnd()) };
        }
    }
}
