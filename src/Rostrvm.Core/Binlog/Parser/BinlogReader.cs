using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Threading;
using Rostrvm.Core.Runtime;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Streams the events of one binlog or relay log file (format v4: MySQL 5.6-9.x, MariaDB
    /// 10.0-11.x) with flat memory: the format description event first (also before a seek),
    /// header lengths from it, CRC32 verified when it says so, each body read within its declared
    /// length, unknown types kept raw. Events are framed by their length alone; the header's
    /// log position is information, checked only on events the file's own server wrote for this
    /// file (in a relay log the source's events carry the source's positions). A format
    /// description mid-file (a relay log holds the source's) governs the events after it. A
    /// damaged file yields every event before the damage and then a
    /// <see cref="BinlogFormatException"/> naming the file and position.
    /// </summary>
    public sealed class BinlogReader
    {
        private static readonly byte[] Magic = { 0xFE, 0x62, 0x69, 0x6E };
        private const int MinimalHeaderLength = 19;

        private readonly BinlogReaderOptions _options;

        /// <summary>True while the header log positions are this file's offsets (see CheckEndPosition).</summary>
        private bool _ownPositions;

        public BinlogReader(string path, BinlogReaderOptions? options = null)
        {
            Path = System.IO.Path.GetFullPath(path);
            _options = options ?? new BinlogReaderOptions();
            TableMaps = new TableMapCache(_options.ColumnInfo);
        }

        public string Path { get; }

        /// <summary>The file's format description, once the first event has been read.</summary>
        public FormatDescriptionEventData? Format { get; private set; }

        /// <summary>The format description event itself (its raw bytes start every BINLOG replay).</summary>
        public BinlogEvent? FormatEvent { get; private set; }

        /// <summary>The format description in force for the last event read: the file's own, or
        /// a later one in the file (a relay log's copy of the source's).</summary>
        public FormatDescriptionEventData? ActiveFormat { get; private set; }

        /// <summary>The format description event of <see cref="ActiveFormat"/>.</summary>
        public BinlogEvent? ActiveFormatEvent { get; private set; }

        /// <summary>True when the file is a replica's relay log (its format description carries LOG_EVENT_RELAY_LOG_F).</summary>
        public bool IsRelayLog => FormatEvent != null && (FormatEvent.Flags & FormatDescriptionEventData.RelayLogFlag) != 0;

        /// <summary>True when the server closed the file (the in-use flag of the format description is clear).</summary>
        public bool ClosedCleanly => FormatEvent != null && (FormatEvent.Flags & FormatDescriptionEventData.BinlogInUseFlag) == 0;

        public TableMapCache TableMaps { get; }

        /// <summary>Where the next event would start; the file length once read to the end.</summary>
        public long Position { get; private set; }

        public long FileLength { get; private set; }

        /// <summary>Events (after the format description) whose checksum was verified.</summary>
        public long VerifiedChecksums { get; private set; }

        /// <summary>Reads the events, format description first.</summary>
        public IEnumerable<BinlogEvent> ReadEvents(CancellationToken cancellationToken = default)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16,
                    FileOptions.SequentialScan);
            }
            catch (FileNotFoundException ex) { throw new BinlogFormatException("BinlogNotFound", Path, -1, "the file does not exist", ex); }
            catch (DirectoryNotFoundException ex) { throw new BinlogFormatException("BinlogNotFound", Path,
                -1, "the folder does not exist", ex); }
            catch (UnauthorizedAccessException ex) { throw new BinlogFormatException("BinlogAccessDenied", Path,
                -1, "permission denied; run as a user that can read the binlog directory", ex); }
            using (stream)
            {
                foreach (var ev in ReadStream(stream, cancellationToken)) yield return ev;
            }
        }

        private IEnumerable<BinlogEvent> ReadStream(Stream stream, CancellationToken cancellationToken)
        {
            FileLength = stream.Length;
            var magic = new byte[4];
            var got = ReadFully(stream, magic, 0, 4);
            if (got < 4 || magic[1] != Magic[1] || magic[2] != Magic[2] || magic[3] != Magic[3] || (magic[0] != 0xFE && magic[0] != 0xFD))
                throw new BinlogFormatException(BinlogCatalog.NotABinlogId, Path,
                    0, "the file does not start with the binlog magic bytes (0xFE 'bin'); it is not a binary log");
            if (magic[0] == 0xFD)
                throw new BinlogFormatException("BinlogEncrypted", Path,
                    0, "the file is an encrypted MySQL binlog (binlog_encryption=ON); encrypted binlogs are not supported: read them " +
                    "through the server (mysqlbinlog --read-from-remote-server)");
            Position = 4;

            // Adopt gives the context its format description before any body is decoded.
            var context = new EventDecodeContext(null!, TableMaps);
            var header = new byte[MinimalHeaderLength];
            var first = ReadEvent(stream, header, MinimalHeaderLength, 0, checksumKnown: false);
            if (first == null)
                throw new BinlogFormatException("BinlogTruncated", Path, 4, "the file ends before its first event");
            var firstType = (BinlogEventType)first[4];
            if (firstType != BinlogEventType.FormatDescription)
            {
                if (firstType == BinlogEventType.StartV3)
                    throw new BinlogFormatException("BinlogUnsupportedFormat", Path, 4,
                        "the binlog is in format v1/v3 (written by MySQL 3.23-4.x: it starts with a Start_v3 event, not a format " +
                            "description event); only format v4 (MySQL 5.0 and later, MariaDB) is supported");
                throw new BinlogFormatException("BinlogUnsupportedFormat", Path, 4,
                    $"the first event is {BinlogEventTypes.NameOf(firstType)}, not a format description event; the file is not a v4 " +
                        "binlog");
            }
            var fde = FormatDescriptionEvent(first, 4);
            var format = (FormatDescriptionEventData)fde.Data!; // FormatDescriptionEvent sets Data
            if (format.HasChecksums) VerifyChecksum(first, 4, isFormatDescription: true);
            FormatEvent = fde;
            Format = format;
            Adopt(fde, context);
            // Positions are checked where they are this file's: every event of a server's own
            // binlog, only the replica's own events (flagged) in a relay log.
            _ownPositions = !IsRelayLog;
            CheckEndPosition(fde);
            Position = 4 + first.Length;
            yield return fde;

            if (_options.StartPosition > Position)
            {
                if (_options.StartPosition > FileLength)
                    throw new BinlogFormatException("BinlogPositionOutOfRange", Path,
                        _options.StartPosition, $"the start position is past the end of the file ({FileLength} bytes)");
                // A relay log's events after the source's format description follow that one.
                if (IsRelayLog) FindActiveFormat(stream, _options.StartPosition, context);
                stream.Seek(_options.StartPosition, SeekOrigin.Begin);
                Position = _options.StartPosition;
            }

            header = new byte[MinimalHeaderLength];
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_options.StopPosition.HasValue && Position >= _options.StopPosition.Value) yield break;
                var start = Position;
                var headerLength = ActiveFormat.HeaderLength;
                if (header.Length != headerLength) header = new byte[headerLength];
                var raw = ReadEvent(stream, header, headerLength, start, checksumKnown: true);
                if (raw == null) yield break;
                BinlogEvent ev;
                if ((BinlogEventType)raw[4] == BinlogEventType.FormatDescription)
                {
                    // A format description describes itself, checksum included, and the events after it.
                    ev = FormatDescriptionEvent(raw, start);
                    if (((FormatDescriptionEventData)ev.Data!).HasChecksums && _options.VerifyChecksums) VerifyChecksum(raw, start,
                        isFormatDescription: true);
                    Adopt(ev, context);
                    if ((ev.Flags & FormatDescriptionEventData.RelayLogFlag) == 0) _ownPositions = false;
                }
                else
                {
                    var checksumLength = ActiveFormat.ChecksumLength;
                    ev = new BinlogEvent(Path, start, raw, headerLength, checksumLength);
                    if (checksumLength > 0 && _options.VerifyChecksums) VerifyChecksum(raw, start, isFormatDescription: false);
                }
                CheckEndPosition(ev);
                Position = start + raw.Length;
                if (ev.Type == BinlogEventType.StartEncryption)
                    throw new BinlogFormatException("BinlogEncrypted", Path, start,
                        "the binlog is encrypted (MariaDB encrypt_binlog=ON, Start_encryption event); encrypted binlogs are not " +
                            "supported: read them through the server (mariadb-binlog --read-from-remote-server)");
                if (_options.Decode) DecodeInto(ev, context);
                yield return ev;
                if (ev.Type == BinlogEventType.TransactionPayload && _options.ExpandTransactionPayloads
                    && ev.Data is TransactionPayloadEventData payload)
                {
                    foreach (var inner in Expand(ev, payload, context)) yield return inner;
                }
            }
        }

        private void DecodeInto(BinlogEvent ev, EventDecodeContext context)
        {
            try
            {
                if (ev.Type == BinlogEventType.FormatDescription) return; // decoded when it was framed
                ev.Data = EventDecoders.Decode(ev, context);
                if (ev.Data is TableMapEventData map) context.TableMaps.Add(map);
                else if (ev.Type == BinlogEventType.Rotate && !ev.IsInPayload) { /* next file starts a new table id space */ }
            }
            catch (EventDecodeException ex)
            {
                throw new BinlogFormatException("BinlogCorruptEvent", Path, ev.Position, $"{ev.TypeName} event: {ex.Message}", ex);
            }
        }

        private IEnumerable<BinlogEvent> Expand(BinlogEvent container, TransactionPayloadEventData payload, EventDecodeContext context)
        {
            byte[] bytes;
            try { bytes = payload.Expand(container); }
            catch (Exception ex) when (ex is EventDecodeException || ex is ZstdSharp.ZstdException)
            {
                throw new BinlogFormatException("BinlogCorruptEvent", Path, container.Position, "Transaction_payload event: " + ex.Message,
                    ex);
            }
            var pos = 0;
            while (pos < bytes.Length)
            {
                if (bytes.Length - pos < MinimalHeaderLength)
                    throw new BinlogFormatException("BinlogCorruptEvent", Path,
                        container.Position, "Transaction_payload holds a partial event header");
                var size = BitConverter.ToInt32(bytes, pos + 9);
                if (size < MinimalHeaderLength || size > bytes.Length - pos)
                    throw new BinlogFormatException("BinlogCorruptEvent", Path,
                        container.Position, $"Transaction_payload holds an event of impossible length {size}");
                var raw = new byte[size];
                Buffer.BlockCopy(bytes, pos, raw, 0, size);
                // Inner events normally carry no checksum; accept one when it verifies.
                var inner = size > MinimalHeaderLength + 4 && HasValidChecksum(raw) ? 4 : 0;
                var ev = new BinlogEvent(Path, container.Position, raw, MinimalHeaderLength, inner) { Container = container };
                if (_options.Decode) DecodeInto(ev, context);
                yield return ev;
                pos += size;
            }
        }

        private static bool HasValidChecksum(byte[] raw) =>
            Crc32.HashToUInt32(new ReadOnlySpan<byte>(raw, 0, raw.Length - 4)) == BitConverter.ToUInt32(raw, raw.Length - 4);

        /// <summary>Reads one whole event; null at a clean end of file.</summary>
        [MethodImpl(HotPathOptions.Hot)]
        private byte[]? ReadEvent(Stream stream, byte[] header, int headerLength, long start, bool checksumKnown)
        {
            var got = ReadFully(stream, header, 0, headerLength);
            if (got == 0) return null;
            if (got < headerLength)
                throw new BinlogFormatException("BinlogTruncated", Path, start,
                    $"the file ends {got} byte(s) into an event header (truncated: {got} trailing byte(s) after the last complete event)");
            var size = BitConverter.ToInt32(header, 9);
            if (size < headerLength)
                throw new BinlogFormatException("BinlogCorruptEvent", Path,
                    start, $"event header declares a length of {size} bytes, shorter than the header");
            if (start + size > FileLength)
            {
                // The file may still be growing (an active binlog): look again before calling it truncated.
                FileLength = stream.Length;
                if (start + size > FileLength)
                    throw new BinlogFormatException("BinlogTruncated", Path, start,
                        $"the {BinlogEventTypes.NameOf((BinlogEventType)header[4])} event declares {size} bytes but the file ends " +
                            $"after {FileLength - start}");
            }
            var raw = new byte[size];
            Buffer.BlockCopy(header, 0, raw, 0, headerLength);
            got = ReadFully(stream, raw, headerLength, size - headerLength);
            if (got < size - headerLength)
                throw new BinlogFormatException("BinlogTruncated", Path,
                    start, $"the file ends inside a {size}-byte event (vanished or truncated while reading)");
            return raw;
        }

        [MethodImpl(HotPathOptions.Hot)]
        private void VerifyChecksum(byte[] raw, long start, bool isFormatDescription)
        {
            if (raw.Length < MinimalHeaderLength + 4)
                throw new BinlogFormatException("BinlogCorruptEvent", Path, start, "event too short to hold its checksum");
            var stored = BitConverter.ToUInt32(raw, raw.Length - 4);
            uint computed;
            if (isFormatDescription && (raw[17] & FormatDescriptionEventData.BinlogInUseFlag) != 0)
            {
                // The server computes the format description's CRC with the in-use flag clear.
                var flags = raw[17];
                raw[17] = (byte)(flags & ~FormatDescriptionEventData.BinlogInUseFlag);
                computed = Crc32.HashToUInt32(new ReadOnlySpan<byte>(raw, 0, raw.Length - 4));
                raw[17] = flags;
            }
            else
            {
                computed = Crc32.HashToUInt32(new ReadOnlySpan<byte>(raw, 0, raw.Length - 4));
            }
            if (computed != stored)
                throw new BinlogFormatException("BinlogChecksumMismatch", Path, start,
                    $"the {BinlogEventTypes.NameOf((BinlogEventType)raw[4])} event's CRC32 is 0x{stored:x8} but its bytes give " +
                        $"0x{computed:x8}; the file is damaged from here on and nothing after this position can be trusted");
            if (!isFormatDescription) VerifiedChecksums++;
        }

        /// <summary>Decodes a format description event where it stands (the first or a later one).</summary>
        private BinlogEvent FormatDescriptionEvent(byte[] raw, long start)
        {
            FormatDescriptionEventData format;
            try { format = FormatDescriptionEventData.Decode(new ReadOnlySpan<byte>(raw, MinimalHeaderLength,
                raw.Length - MinimalHeaderLength)); }
            catch (EventDecodeException ex) { throw new BinlogFormatException("BinlogCorruptEvent", Path,
                start, "format description event: " + ex.Message, ex); }
            if (format.BinlogVersion != 4)
                throw new BinlogFormatException("BinlogUnsupportedFormat", Path,
                    start, $"binlog format v{format.BinlogVersion} is not supported (only v4)");
            if (format.HeaderLength < MinimalHeaderLength)
                throw new BinlogFormatException("BinlogCorruptEvent", Path,
                    start, $"format description event declares a {format.HeaderLength}-byte header");
            return new BinlogEvent(Path, start, raw, MinimalHeaderLength, format.ChecksumLength) { Data = format };
        }

        [MemberNotNull(nameof(ActiveFormat), nameof(ActiveFormatEvent))]
        private void Adopt(BinlogEvent formatEvent, EventDecodeContext context)
        {
            ActiveFormatEvent = formatEvent;
            ActiveFormat = (FormatDescriptionEventData)formatEvent.Data!; // FormatDescriptionEvent sets Data
            context.Format = ActiveFormat;
        }

        /// <summary>
        /// Before a seek into a relay log: walks the event headers up to the start position (reading
        /// only format descriptions whole) so that the events read from there are decoded and
        /// checked by the format description in force at that point.
        /// </summary>
        private void FindActiveFormat(Stream stream, long target, EventDecodeContext context)
        {
            var header = new byte[MinimalHeaderLength];
            var position = Position;
            while (position < target)
            {
                stream.Seek(position, SeekOrigin.Begin);
                if (ReadFully(stream, header, 0, MinimalHeaderLength) < MinimalHeaderLength) return;
                var size = BitConverter.ToInt32(header, 9);
                if (size < MinimalHeaderLength || position + size > target) return;
                if ((BinlogEventType)header[4] == BinlogEventType.FormatDescription)
                {
                    stream.Seek(position, SeekOrigin.Begin);
                    // The header read above says the whole event lies before the target, so it is not null.
                    var raw = ReadEvent(stream, header, MinimalHeaderLength, position, checksumKnown: true)!;
                    var ev = FormatDescriptionEvent(raw, position);
                    Adopt(ev, context);
                    if ((ev.Flags & FormatDescriptionEventData.RelayLogFlag) == 0) _ownPositions = false;
                }
                position += size;
            }
        }

        private void CheckEndPosition(BinlogEvent ev)
        {
            var own = _ownPositions || (ev.Flags & FormatDescriptionEventData.RelayLogFlag) != 0;
            if (own && ev.NextPosition != 0 && ev.NextPosition != ev.Position + ev.Raw.Length)
                throw new BinlogFormatException("BinlogCorruptEvent", Path, ev.Position,
                    $"the {ev.TypeName} event says the next event starts at {ev.NextPosition} but its length ({ev.Raw.Length}) ends it " +
                        $"at {ev.Position + ev.Raw.Length}");
        }

        private static int ReadFully(Stream stream, byte[] buffer, int offset, int count)
        {
            var total = 0;
            while (total < count)
            {
                var n = stream.Read(buffer, offset + total, count - total);
                if (n <= 0) break;
                total += n;
            }
            return total;
        }

        /// <summary>Reads one file from start to end with default options.</summary>
        public static IEnumerable<BinlogEvent> ReadFile(string path, BinlogReaderOptions? options = null,
            CancellationToken cancellationToken = default) =>
            new BinlogReader(path, options).ReadEvents(cancellationToken);
    }
}
