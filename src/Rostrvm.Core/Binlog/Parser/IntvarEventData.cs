
namespace Rostrvm.Core.Binlog
{
    /// <summary>INSERT_ID or LAST_INSERT_ID for the next statement.</summary>
    public sealed class IntvarEventData : EventData
    {
        public const byte LastInsertIdType = 1;
        public const byte InsertIdType = 2;
        public byte VariableType { get; private set; }
        public string VariableName =>
            VariableType == LastInsertIdType ? "LAST_INSERT_ID" : VariableType == InsertIdType ? "INSERT_ID" : "INVALID_INT";
        public ulong Value { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            return new IntvarEventData { VariableType = r.ReadByte(), Value = r.ReadUInt64() };
        }
    }
}
