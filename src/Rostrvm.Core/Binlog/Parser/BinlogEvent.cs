using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// One event as it stands in the file: the common header fields, the raw bytes (header, body
    /// and checksum exactly as written, which is what a <c>BINLOG '&lt;base64&gt;'</c> statement
    /// replays) and the decoded body.
    /// </summary>
    public sealed class BinlogEvent
    {
        internal BinlogEvent(string file, long position, byte[] raw, int headerLength, int checksumLength)
        {
            File = file;
            Position = position;
            Raw = raw;
            Timestamp = BitConverter.ToUInt32(raw, 0);
            Type = (BinlogEventType)raw[4];
            ServerId = BitConverter.ToUInt32(raw, 5);
            Length = BitConverter.ToInt32(raw, 9);
            NextPosition = BitConverter.ToUInt32(raw, 13);
            Flags = BitConverter.ToUInt16(raw, 17);
            BodyOffset = headerLength;
            BodyLength = raw.Length - headerLength - checksumLength;
        }

        /// <summary>The binlog file the event was read from.</summary>
        public string File { get; }

        /// <summary>Byte offset of the event's first header byte (mariadb-binlog's "# at").
        /// Events expanded from a Transaction_payload carry the payload event's position.</summary>
        public long Position { get; }

        /// <summary>The header's log position: where the next event starts (end_log_pos).</summary>
        public long NextPosition { get; }

        /// <summary>Seconds since the Unix epoch, UTC, when the statement started.</summary>
        public uint Timestamp { get; }

        public DateTime TimeUtc => DateTimeOffset.FromUnixTimeSeconds(Timestamp).UtcDateTime;

        public BinlogEventType Type { get; }

        public string TypeName => BinlogEventTypes.NameOf(Type);

        public uint ServerId { get; }

        /// <summary>Event length from the header: header, body and checksum.</summary>
        public int Length { get; }

        public ushort Flags { get; }

        /// <summary>Header, body and checksum bytes as they stand in the file.</summary>
        public byte[] Raw { get; }

        internal int BodyOffset { get; }

        /// <summary>Body length without the checksum.</summary>
        internal int BodyLength { get; }

        public ReadOnlySpan<byte> Body => new ReadOnlySpan<byte>(Raw, BodyOffset, BodyLength);

        /// <summary>The decoded body; <see cref="RawEventData"/> for types this reader does not decode.</summary>
        public EventData? Data { get; internal set; }

        /// <summary>The Transaction_payload event this event was expanded from, or null.</summary>
        public BinlogEvent? Container { get; internal set; }

        public bool IsInPayload => Container != null;

        public override string ToString() => $"{System.IO.Path.GetFileName(File)}:{Position} {TypeName}";
    }
}
