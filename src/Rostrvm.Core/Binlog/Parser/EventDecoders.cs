using System.Collections.Generic;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// The one place that knows which decoder reads which event type. Types not listed are kept
    /// as <see cref="RawEventData"/>.
    /// </summary>
    internal static class EventDecoders
    {
        internal delegate EventData EventDecoder(BinlogEvent ev, EventDecodeContext context);

        private static readonly Dictionary<BinlogEventType, EventDecoder> Registry = new Dictionary<BinlogEventType, EventDecoder>
        {
            [BinlogEventType.Query] = QueryEventData.Decode,
            [BinlogEventType.QueryCompressed] = QueryEventData.Decode,
            [BinlogEventType.ExecuteLoadQuery] = QueryEventData.Decode,
            [BinlogEventType.BeginLoadQuery] = LoadBlockEventData.Decode,
            [BinlogEventType.AppendBlock] = LoadBlockEventData.Decode,
            [BinlogEventType.Intvar] = IntvarEventData.Decode,
            [BinlogEventType.Rand] = RandEventData.Decode,
            [BinlogEventType.UserVar] = UserVarEventData.Decode,
            [BinlogEventType.Xid] = XidEventData.Decode,
            [BinlogEventType.Rotate] = RotateEventData.Decode,
            [BinlogEventType.Stop] = StopEventData.Decode,
            [BinlogEventType.Incident] = IncidentEventData.Decode,
            [BinlogEventType.TableMap] = TableMapEventData.Decode,
            [BinlogEventType.RowsQuery] = RowsQueryEventData.DecodeMySql,
            [BinlogEventType.AnnotateRows] = RowsQueryEventData.DecodeMariaDb,
            [BinlogEventType.Gtid] = MySqlGtidEventData.Decode,
            [BinlogEventType.AnonymousGtid] = MySqlGtidEventData.Decode,
            [BinlogEventType.GtidTagged] = MySqlGtidEventData.DecodeTagged,
            [BinlogEventType.PreviousGtids] = PreviousGtidsEventData.Decode,
            [BinlogEventType.TransactionPayload] = TransactionPayloadEventData.Decode,
            [BinlogEventType.XaPrepare] = XaPrepareEventData.Decode,
            [BinlogEventType.MariaDbGtid] = MariaDbGtidEventData.Decode,
            [BinlogEventType.GtidList] = GtidListEventData.Decode,
            [BinlogEventType.BinlogCheckpoint] = BinlogCheckpointEventData.Decode,
            [BinlogEventType.WriteRowsV1] = RowsEventData.Decode,
            [BinlogEventType.UpdateRowsV1] = RowsEventData.Decode,
            [BinlogEventType.DeleteRowsV1] = RowsEventData.Decode,
            [BinlogEventType.WriteRows] = RowsEventData.Decode,
            [BinlogEventType.UpdateRows] = RowsEventData.Decode,
            [BinlogEventType.DeleteRows] = RowsEventData.Decode,
            [BinlogEventType.PartialUpdateRows] = RowsEventData.Decode,
            [BinlogEventType.WriteRowsCompressedV1] = RowsEventData.Decode,
            [BinlogEventType.UpdateRowsCompressedV1] = RowsEventData.Decode,
            [BinlogEventType.DeleteRowsCompressedV1] = RowsEventData.Decode,
            [BinlogEventType.WriteRowsCompressed] = RowsEventData.Decode,
            [BinlogEventType.UpdateRowsCompressed] = RowsEventData.Decode,
            [BinlogEventType.DeleteRowsCompressed] = RowsEventData.Decode,
        };

        public static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            if (Registry.TryGetValue(ev.Type, out var decoder)) return decoder(ev, context);
            return new RawEventData(ev.Body.ToArray());
        }
    }
}
