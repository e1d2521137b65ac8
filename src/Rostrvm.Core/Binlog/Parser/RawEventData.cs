
namespace Rostrvm.Core.Binlog
{
    /// <summary>The body of an event type this reader keeps but does not decode.</summary>
    public sealed class RawEventData : EventData
    {
        public RawEventData(byte[] body) { Body = body; }
        public byte[] Body { get; }
    }
}
