using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// MySQL 8.0.20+ binlog_transaction_compression: a whole transaction's events, compressed.
    /// The reader expands it into the events it holds (<see cref="BinlogEvent.Container"/>).
    /// </summary>
    public sealed class TransactionPayloadEventData : EventData
    {
        public const ulong CompressionZstd = 0, CompressionNone = 255;

        public ulong CompressionType { get; private set; }
        public ulong PayloadSize { get; private set; }
        public ulong UncompressedSize { get; private set; }
        internal int PayloadOffset { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            var data = new TransactionPayloadEventData();
            while (!r.AtEnd)
            {
                var field = r.ReadPackedInt();
                if (field == 0) break;
                var length = r.ReadPackedLength();
                var value = r.ReadBytes(length);
                var vr = new EventBodyReader(value);
                switch (field)
                {
                    case 1: data.PayloadSize = vr.ReadPackedInt(); break;
                    case 2: data.CompressionType = vr.ReadPackedInt(); break;
                    case 3: data.UncompressedSize = vr.ReadPackedInt(); break;
                }
            }
            data.PayloadOffset = r.Offset;
            return data;
        }

        /// <summary>The uncompressed bytes: a run of complete events.</summary>
        internal byte[] Expand(BinlogEvent ev)
        {
            var payload = ev.Body.Slice(PayloadOffset);
            if (CompressionType == CompressionNone) return payload.ToArray();
            if (CompressionType != CompressionZstd)
                throw new EventDecodeException($"unknown transaction payload compression type {CompressionType}");
            using (var decompressor = new ZstdSharp.Decompressor())
            {
                if (UncompressedSize > 0 && UncompressedSize < int.MaxValue)
                {
                    var output = new byte[UncompressedSize];
                    var written = decompressor.Unwrap(payload, new Span<byte>(output));
                    if (written != output.Length) throw new EventDecodeException($"transaction payload expanded to {written} bytes, " +
                        $"header says {UncompressedSize}");
                    return output;
                }
                return decompressor.Unwrap(payload).ToArray();
            }
        }
    }
}
