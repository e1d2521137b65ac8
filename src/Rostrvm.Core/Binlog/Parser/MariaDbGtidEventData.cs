
namespace Rostrvm.Core.Binlog
{
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
}
