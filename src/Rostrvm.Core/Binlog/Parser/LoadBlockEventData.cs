using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// A block of the file a LOAD DATA statement read, logged in statement format before the
    /// statement itself: Begin_load_query starts the file, Append_block adds to it (the server
    /// splits files larger than its block size). Post-header: the file id (4 bytes).
    /// https://mariadb.com/kb/en/begin_load_query_event/
    /// </summary>
    public sealed class LoadBlockEventData : EventData
    {
        public uint FileId { get; private set; }
        /// <summary>True for Begin_load_query: the first block of a new file.</summary>
        public bool StartsFile { get; private set; }
        public byte[] Data { get; private set; } = Array.Empty<byte>();

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var reader = new EventBodyReader(ev.Body);
            var data = new LoadBlockEventData { StartsFile = ev.Type == BinlogEventType.BeginLoadQuery, FileId = reader.ReadUInt32() };
            var postHeader = context.Format.PostHeaderLength(ev.Type);
            if (postHeader > 4) reader.Skip(postHeader - 4);
            data.Data = reader.ReadToEnd().ToArray();
            return data;
        }
    }
}
