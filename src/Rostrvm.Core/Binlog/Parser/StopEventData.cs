
namespace Rostrvm.Core.Binlog
{
    /// <summary>The server stopped (written as the last event of a cleanly shut down file).</summary>
    public sealed class StopEventData : EventData
    {
        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context) => new StopEventData();
    }
}
