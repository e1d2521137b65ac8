using System;
using System.Collections.Generic;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// A statement as the server executed it, with the session context carried in its status
    /// variables. https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Query__event.html
    /// </summary>
    public sealed class QueryEventData : EventData
    {
        public uint ThreadId { get; private set; }
        public uint ExecutionTime { get; private set; }
        public ushort ErrorCode { get; private set; }
        public string Database { get; private set; } = "";

        /// <summary>The statement for a person: decoded from the client character set, each byte that is no
        /// character shown as \xFF. Never replayed.</summary>
        public string Sql { get; private set; } = "";

        /// <summary>The statement's bytes exactly as logged, in the session's client character set: what a replay sends.</summary>
        public byte[] SqlBytes { get; private set; } = Array.Empty<byte>();

        /// <summary>The character set of <see cref="SqlBytes"/> (from <see cref="CharacterSetClient"/>; utf8mb4 when
        /// the event does not say).</summary>
        public string ClientCharset =>
            (CharacterSetClient.HasValue ? Charsets.CharsetOfCollation(CharacterSetClient.Value) : null) ?? "utf8mb4";

        /// <summary>The statement as text a connector sends as UTF-8 (character_set_client=utf8mb4) and the server
        /// reads as it read <see cref="SqlBytes"/>.</summary>
        public string ReplaySql => StatementLiteralRewriter.Rewrite(SqlBytes, CharacterSetClient, CollationConnection, SqlMode);

        /// <summary>Q_FLAGS2: autocommit, foreign key checks, unique checks, sql_auto_is_null...</summary>
        public uint? Flags2 { get; private set; }
        public ulong? SqlMode { get; private set; }
        public ushort? AutoIncrementIncrement { get; private set; }
        public ushort? AutoIncrementOffset { get; private set; }
        public ushort? CharacterSetClient { get; private set; }
        public ushort? CollationConnection { get; private set; }
        public ushort? CollationServer { get; private set; }
        public ushort? CollationDatabase { get; private set; }
        public string? TimeZone { get; private set; }
        public ushort? LcTimeNames { get; private set; }
        public ulong? TableMapForUpdate { get; private set; }
        public string? InvokerUser { get; private set; }
        public string? InvokerHost { get; private set; }
        public string[]? UpdatedDatabases { get; private set; }
        public uint? Microseconds { get; private set; }
        public byte? ExplicitDefaultsForTimestamp { get; private set; }
        public ulong? DdlXid { get; private set; }
        public ushort? DefaultCollationForUtf8mb4 { get; private set; }
        public byte? SqlRequirePrimaryKey { get; private set; }
        public byte? DefaultTableEncryption { get; private set; }

        /// <summary>MariaDB Q_XID: the transaction id of a DDL statement.</summary>
        public ulong? Xid { get; private set; }

        /// <summary>For Execute_load_query (LOAD DATA in statement format): the file it reads; null otherwise.</summary>
        public LoadQueryInfo? Load { get; private set; }

        /// <summary>True when a status variable was not understood and the rest were skipped.</summary>
        public bool StatusVariablesIncomplete { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var reader = new EventBodyReader(ev.Body);
            var data = new QueryEventData
            {
                ThreadId = reader.ReadUInt32(),
                ExecutionTime = reader.ReadUInt32(),
            };
            var dbLength = reader.ReadByte();
            data.ErrorCode = reader.ReadUInt16();
            var statusLength = reader.ReadUInt16();
            var postHeader = context.Format.PostHeaderLength(ev.Type);
            uint loadFileId = 0, fileNameStart = 0, fileNameEnd = 0;
            byte duplicates = 0;
            var isLoad = ev.Type == BinlogEventType.ExecuteLoadQuery;
            if (isLoad)
            {
                // Execute_load_query: a Query post-header, then file id, file-name start and end, duplicates (13 bytes).
                loadFileId = reader.ReadUInt32();
                fileNameStart = reader.ReadUInt32();
                fileNameEnd = reader.ReadUInt32();
                duplicates = reader.ReadByte();
                if (postHeader > 26) reader.Skip(postHeader - 26);
            }
            else if (postHeader > 13) reader.Skip(postHeader - 13);
            var status = reader.ReadBytes(statusLength);
            data.ReadStatusVariables(status);
            data.Database = reader.ReadString(dbLength);
            reader.Skip(1);
            var sql = reader.ReadToEnd();
            if (ev.Type == BinlogEventType.QueryCompressed) sql = MariaDbCompression.Decompress(sql);
            // The statement's bytes are in the client's character set of the session that ran it.
            var encoding = data.CharacterSetClient.HasValue
                ? Charsets.EncodingOf(data.CharacterSetClient.Value) ?? Charsets.ByteTransparent
                : System.Text.Encoding.UTF8;
            var bytes = sql.ToArray();
            data.SqlBytes = bytes;
            data.Sql = StatementText.Display(bytes, data.ClientCharset);
            if (isLoad) data.Load = LoadQueryInfo.Split(loadFileId, fileNameStart, fileNameEnd, duplicates, bytes, encoding);
            return data;
        }

        private void ReadStatusVariables(ReadOnlySpan<byte> status)
        {
            var r = new EventBodyReader(status);
            while (!r.AtEnd)
            {
                var code = r.ReadByte();
                switch (code)
                {
                    case 0: Flags2 = r.ReadUInt32(); break;
                    case 1: SqlMode = r.ReadUInt64(); break;
                    case 2: { var n = r.ReadByte(); r.Skip(n + 1); break; } // Q_CATALOG_CODE (5.0.0-5.0.3)
                    case 3: AutoIncrementIncrement = r.ReadUInt16(); AutoIncrementOffset = r.ReadUInt16(); break;
                    case 4:
                        CharacterSetClient = r.ReadUInt16();
                        CollationConnection = r.ReadUInt16();
                        CollationServer = r.ReadUInt16();
                        break;
                    case 5: TimeZone = r.ReadString(r.ReadByte()); break;
                    case 6: r.Skip(r.ReadByte()); break; // Q_CATALOG_NZ_CODE
                    case 7: LcTimeNames = r.ReadUInt16(); break;
                    case 8: CollationDatabase = r.ReadUInt16(); break;
                    case 9: TableMapForUpdate = r.ReadUInt64(); break;
                    case 10: r.Skip(4); break; // Q_MASTER_DATA_WRITTEN_CODE
                    case 11: InvokerUser = r.ReadString(r.ReadByte()); InvokerHost = r.ReadString(r.ReadByte()); break;
                    case 12:
                        {
                            var count = r.ReadByte();
                            var names = new List<string>();
                            if (count != 254)
                                for (var i = 0; i < count; i++) names.Add(r.ReadNullTerminatedString());
                            UpdatedDatabases = names.ToArray();
                            break;
                        }
                    case 13: Microseconds = r.ReadUInt24(); break;
                    case 14: r.Skip(8); break; // Q_COMMIT_TS
                    case 15: r.Skip(8); break; // Q_COMMIT_TS2
                    case 16: ExplicitDefaultsForTimestamp = r.ReadByte(); break;
                    case 17: DdlXid = r.ReadUInt64(); break;
                    case 18: DefaultCollationForUtf8mb4 = r.ReadUInt16(); break;
                    case 19: SqlRequirePrimaryKey = r.ReadByte(); break;
                    case 20: DefaultTableEncryption = r.ReadByte(); break;
                    case 128: Microseconds = r.ReadUInt24(); break; // MariaDB Q_HRNOW
                    case 129: Xid = r.ReadUInt64(); break; // MariaDB Q_XID
                    case 130: r.Skip(1); break; // MariaDB Q_GTID_FLAGS3
                    case 131: // MariaDB Q_CHARACTER_SET_COLLATIONS: count, then (charset, collation) pairs of 2 bytes
                        {
                            var count = r.ReadByte();
                            r.Skip(count * 4);
                            break;
                        }
                    default:
                        // Unknown variable: its length is unknown, so stop here; db and query
                        // still sit at known offsets after the status block.
                        StatusVariablesIncomplete = true;
                        return;
                }
            }
        }
    }
}
