namespace Rostrvm.Core.Binlog
{
    public static class BinlogEventTypes
    {
        /// <summary>True for every write/update/delete rows event, v1, v2, partial and compressed.</summary>
        public static bool IsRows(BinlogEventType type) => RowOperationOf(type).HasValue;

        public static RowOperation? RowOperationOf(BinlogEventType type)
        {
            switch (type)
            {
                case BinlogEventType.PreGaWriteRows:
                case BinlogEventType.WriteRowsV1:
                case BinlogEventType.WriteRows:
                case BinlogEventType.WriteRowsCompressedV1:
                case BinlogEventType.WriteRowsCompressed:
                    return RowOperation.Insert;
                case BinlogEventType.PreGaUpdateRows:
                case BinlogEventType.UpdateRowsV1:
                case BinlogEventType.UpdateRows:
                case BinlogEventType.PartialUpdateRows:
                case BinlogEventType.UpdateRowsCompressedV1:
                case BinlogEventType.UpdateRowsCompressed:
                    return RowOperation.Update;
                case BinlogEventType.PreGaDeleteRows:
                case BinlogEventType.DeleteRowsV1:
                case BinlogEventType.DeleteRows:
                case BinlogEventType.DeleteRowsCompressedV1:
                case BinlogEventType.DeleteRowsCompressed:
                    return RowOperation.Delete;
                default:
                    return null;
            }
        }

        /// <summary>Rows events with the v2 post-header (extra data length).</summary>
        internal static bool HasExtraData(BinlogEventType type) =>
            type == BinlogEventType.WriteRows || type == BinlogEventType.UpdateRows || type == BinlogEventType.DeleteRows
            || type == BinlogEventType.PartialUpdateRows || type == BinlogEventType.WriteRowsCompressed
            || type == BinlogEventType.UpdateRowsCompressed || type == BinlogEventType.DeleteRowsCompressed;

        internal static bool IsCompressedRows(BinlogEventType type) => (byte)type >= 166 && (byte)type <= 171;

        /// <summary>The name mariadb-binlog and the server documentation use.</summary>
        public static string NameOf(BinlogEventType type)
        {
            switch (type)
            {
                case BinlogEventType.FormatDescription: return "Format_desc";
                case BinlogEventType.Query: return "Query";
                case BinlogEventType.QueryCompressed: return "Query_compressed";
                case BinlogEventType.Stop: return "Stop";
                case BinlogEventType.Rotate: return "Rotate";
                case BinlogEventType.Intvar: return "Intvar";
                case BinlogEventType.Rand: return "Rand";
                case BinlogEventType.UserVar: return "User_var";
                case BinlogEventType.Xid: return "Xid";
                case BinlogEventType.TableMap: return "Table_map";
                case BinlogEventType.Incident: return "Incident";
                case BinlogEventType.Heartbeat: return "Heartbeat";
                case BinlogEventType.Ignorable: return "Ignorable";
                case BinlogEventType.RowsQuery: return "Rows_query";
                case BinlogEventType.WriteRowsV1: return "Write_rows_v1";
                case BinlogEventType.UpdateRowsV1: return "Update_rows_v1";
                case BinlogEventType.DeleteRowsV1: return "Delete_rows_v1";
                case BinlogEventType.WriteRows: return "Write_rows";
                case BinlogEventType.UpdateRows: return "Update_rows";
                case BinlogEventType.DeleteRows: return "Delete_rows";
                case BinlogEventType.Gtid: return "Gtid";
                case BinlogEventType.AnonymousGtid: return "Anonymous_gtid";
                case BinlogEventType.PreviousGtids: return "Previous_gtids";
                case BinlogEventType.TransactionContext: return "Transaction_context";
                case BinlogEventType.ViewChange: return "View_change";
                case BinlogEventType.XaPrepare: return "XA_prepare";
                case BinlogEventType.PartialUpdateRows: return "Partial_update_rows";
                case BinlogEventType.TransactionPayload: return "Transaction_payload";
                case BinlogEventType.HeartbeatV2: return "Heartbeat_v2";
                case BinlogEventType.GtidTagged: return "Gtid_tagged";
                case BinlogEventType.AnnotateRows: return "Annotate_rows";
                case BinlogEventType.BinlogCheckpoint: return "Binlog_checkpoint";
                case BinlogEventType.MariaDbGtid: return "MariaDB_Gtid";
                case BinlogEventType.GtidList: return "Gtid_list";
                case BinlogEventType.StartEncryption: return "Start_encryption";
                case BinlogEventType.WriteRowsCompressedV1: return "Write_rows_compressed_v1";
                case BinlogEventType.UpdateRowsCompressedV1: return "Update_rows_compressed_v1";
                case BinlogEventType.DeleteRowsCompressedV1: return "Delete_rows_compressed_v1";
                case BinlogEventType.WriteRowsCompressed: return "Write_rows_compressed";
                case BinlogEventType.UpdateRowsCompressed: return "Update_rows_compressed";
                case BinlogEventType.DeleteRowsCompressed: return "Delete_rows_compressed";
                case BinlogEventType.StartV3: return "Start_v3";
                case BinlogEventType.Load: return "Load";
                case BinlogEventType.CreateFile: return "Create_file";
                case BinlogEventType.AppendBlock: return "Append_block";
                case BinlogEventType.ExecLoad: return "Exec_load";
                case BinlogEventType.DeleteFile: return "Delete_file";
                case BinlogEventType.NewLoad: return "New_load";
                case BinlogEventType.BeginLoadQuery: return "Begin_load_query";
                case BinlogEventType.ExecuteLoadQuery: return "Execute_load_query";
                default: return "Unknown_" + (int)type;
            }
        }
    }
}
