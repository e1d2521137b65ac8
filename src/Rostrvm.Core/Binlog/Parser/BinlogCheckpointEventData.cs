
namespace Rostrvm.Core.Binlog
{
    /// <summary>MariaDB: the oldest binlog file still needed for crash recovery.</summary>
    public sealed class BinlogCheckpointEventData : EventData
    {
        public string File { get; private set; } = "";

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            return new BinlogCheckpointEventData { File = r.ReadString((int)r.ReadUInt32()) };
        }
    }
}
