using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using Rostrvm.Core.Runtime;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Write/update/delete rows (v1, v2, MySQL partial JSON updates, MariaDB compressed). The
    /// header and column bitmaps are read at once; the rows only when asked, so filters that do
    /// not want a table never pay for its rows.
    /// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Rows__event.html
    /// </summary>
    public sealed class RowsEventData : EventData
    {
        public const ushort StatementEndFlag = 0x1;

        private byte[] _data;
        private int _rowsOffset;
        private int _rowsEnd;
        private int _presentBefore;
        private int _presentAfter;
        private readonly BinlogEvent _event;

        private RowsEventData(BinlogEvent ev)
        {
            _event = ev;
            _data = ev.Raw;
        }

        public RowOperation Operation { get; private set; }
        public ulong TableId { get; private set; }
        public ushort Flags { get; private set; }
        public int ColumnCount { get; private set; }

        /// <summary>The table map this event refers to; null when it was not seen (e.g. reading
        /// from a position after the table map).</summary>
        public TableMapEventData? TableMap { get; private set; }

        public bool IsStatementEnd => (Flags & StatementEndFlag) != 0;
        public bool IsPartial { get; private set; }

        internal static EventData Decode(BinlogEvent ev, EventDecodeContext context)
        {
            var r = new EventBodyReader(ev.Body);
            // Registered for rows event types only, each of which has an operation.
            var data = new RowsEventData(ev) { Operation = BinlogEventTypes.RowOperationOf(ev.Type)!.Value };
            data.IsPartial = ev.Type == BinlogEventType.PartialUpdateRows;
            data.TableId = context.Format.PostHeaderLength(ev.Type) == 6 ? r.ReadUInt32() : r.ReadUInt48();
            data.Flags = r.ReadUInt16();
            if (BinlogEventTypes.HasExtraData(ev.Type)) SkipExtraData(ref r, data.Operation == RowOperation.Update);
            data.ColumnCount = r.ReadPackedLength();
            if (data.ColumnCount == 0) throw new EventDecodeException("rows event for no column");
            var bitmap = (data.ColumnCount + 7) / 8;
            data._presentBefore = ev.BodyOffset + r.Offset;
            r.Skip(bitmap);
            data._presentAfter = data._presentBefore;
            if (data.Operation == RowOperation.Update)
            {
                data._presentAfter = ev.BodyOffset + r.Offset;
                r.Skip(bitmap);
            }

            data._rowsOffset = ev.BodyOffset + r.Offset;
            data._rowsEnd = ev.BodyOffset + ev.BodyLength;
            context.TableMaps.TryGet(data.TableId, out var map);
            data.TableMap = map;
            if (BinlogEventTypes.IsCompressedRows(ev.Type))
            {
                // Only the rows part is compressed: copy the bitmaps beside the expanded rows.
                var expanded = MariaDbCompression.Decompress(ev.Body.Slice(r.Offset));
                var headerBytes = data._rowsOffset;
                var combined = new byte[headerBytes + expanded.Length];
                Buffer.BlockCopy(ev.Raw, 0, combined, 0, headerBytes);
                Buffer.BlockCopy(expanded, 0, combined, headerBytes, expanded.Length);
                data._data = combined;
                data._rowsEnd = combined.Length;
            }
            return data;
        }

        /// <summary>
        /// The v2 extra data: its length (counting its own 2 bytes), then tagged items the servers
        /// write: 0 = NDB extra row info (a length byte that counts itself and a format byte),
        /// 1 = partition info (the partition id, and for updates the source partition id, 2 bytes
        /// each). Any other tag, or an item running past the extra data, is a damaged event:
        /// refused, never read past (the rows after it would be read from the wrong bytes).
        /// https://github.com/mysql/mysql-server/blob/trunk/libs/mysql/binlog/event/rows_event.cpp
        /// </summary>
        private static void SkipExtraData(ref EventBodyReader r, bool isUpdate)
        {
            var at = r.Offset;
            var length = r.ReadUInt16();
            if (length < 2) throw new EventDecodeException($"rows event extra data length {length} is below 2");
            if (length - 2 > r.Remaining) throw new EventDecodeException($"rows event extra data length {length} runs past the end of " +
                "the event");
            var end = at + length;
            while (r.Offset < end)
            {
                var tagAt = r.Offset;
                var tag = r.ReadByte();
                switch (tag)
                {
                    case 0:
                        var infoLength = r.Offset < end ? r.ReadByte() : 0;
                        if (infoLength < 2 || tagAt + 1 + infoLength > end)
                            throw new EventDecodeException($"rows event extra row info at offset {tagAt} declares {infoLength} byte(s), " +
                                $"which do not fit its {length}-byte extra data");
                        r.Offset = tagAt + 1 + infoLength;
                        break;
                    case 1:
                        var partLength = isUpdate ? 4 : 2;
                        if (r.Offset + partLength > end)
                            throw new EventDecodeException($"rows event partition info at offset {tagAt} does not fit its {length}-byte " +
                                "extra data");
                        r.Skip(partLength);
                        break;
                    default:
                        throw new EventDecodeException($"rows event extra data has an invalid tag {tag} at offset {tagAt} (known: 0 " +
                            "extra row info, 1 partition info)");
                }
            }
        }

        /// <summary>
        /// A reader over the rows that reuses its value arrays: the fast path. Call
        /// <see cref="RowsReader.Read"/> until it returns false; Before/After hold the current row.
        /// </summary>
        public RowsReader ReadRows()
        {
            if (TableMap == null)
                throw new BinlogFormatException("BinlogTableMapMissing", _event.File, _event.Position,
                    $"rows event for table id {TableId} has no table map before it; read from the start of the transaction");
            if (TableMap.ColumnCount != ColumnCount)
                throw new BinlogFormatException("BinlogCorruptEvent", _event.File, _event.Position,
                    $"rows event has {ColumnCount} columns but the table map of {TableMap.QualifiedName} has {TableMap.ColumnCount}");
            return new RowsReader(this, _rowsOffset);
        }

        /// <summary>A reader from the row that starts at <paramref name="offset"/> (a <see cref="RowsReader.Offset"/> seen
        /// before), so that a row can be decoded again from the event's bytes instead of being kept decoded.</summary>
        internal RowsReader ReadRowsAt(int offset)
        {
            var reader = ReadRows();
            if (offset < _rowsOffset || offset >= _rowsEnd)
                throw new ArgumentOutOfRangeException(nameof(offset), offset, "not a row of this rows event");
            reader.Offset = offset;
            return reader;
        }

        /// <summary>Every row change with its own arrays (allocates; for cmdlets and tests).</summary>
        public IEnumerable<RowChange> Rows()
        {
            var reader = ReadRows();
            while (reader.Read())
            {
                yield return new RowChange(Operation,
                    reader.Before == null ? null : (ColumnValue[])reader.Before.Clone(),
                    reader.After == null ? null : (ColumnValue[])reader.After.Clone());
            }
        }

        /// <summary>Counts the rows by decoding them.</summary>
        public int CountRows()
        {
            var reader = ReadRows();
            var n = 0;
            while (reader.Read()) n++;
            return n;
        }

        public sealed class RowsReader
        {
            private readonly RowsEventData _rows;
            private readonly RowImageDecoder _decoder;
            private readonly TableMapEventData _tableMap;
            private int _pos;

            internal RowsReader(RowsEventData rows, int offset)
            {
                _rows = rows;
                _tableMap = rows.TableMap!; // ReadRows refuses an event without its table map
                _decoder = _tableMap.Decoder;
                _pos = offset;
                var n = rows.ColumnCount;
                if (rows.Operation != RowOperation.Insert) Before = new ColumnValue[n];
                if (rows.Operation != RowOperation.Delete) After = new ColumnValue[n];
            }

            /// <summary>The before image (update, delete) of the current row; null for inserts.</summary>
            public ColumnValue[]? Before { get; }

            /// <summary>The after image (insert, update) of the current row; null for deletes.</summary>
            public ColumnValue[]? After { get; }

            public TableMapEventData TableMap => _tableMap;

            /// <summary>Where the next row starts in the event's bytes (for <see cref="ReadRowsAt"/>).</summary>
            internal int Offset { get => _pos; set => _pos = value; }

            [MethodImpl(HotPathOptions.Hot)]
            public bool Read()
            {
                var data = _rows._data;
                var end = _rows._rowsEnd;
                if (_pos >= end) return false;
                try
                {
                    // The operation decides which images exist (see the constructor): the ones used are not null.
                    switch (_rows.Operation)
                    {
                        case RowOperation.Insert:
                            _pos = _decoder.DecodeImage(data, _pos, end, _rows._presentBefore, After!);
                            break;
                        case RowOperation.Delete:
                            _pos = _decoder.DecodeImage(data, _pos, end, _rows._presentBefore, Before!);
                            break;
                        default:
                            _pos = _decoder.DecodeImage(data, _pos, end, _rows._presentBefore, Before!);
                            var partialOffset = -1;
                            if (_rows.IsPartial)
                            {
                                var r = new EventBodyReader(new ReadOnlySpan<byte>(data, _pos, end - _pos));
                                var options = r.ReadPackedInt();
                                _pos += r.Offset;
                                if ((options & 1) != 0)
                                {
                                    partialOffset = _pos;
                                    _pos += (_decoder.JsonColumnCount + 7) / 8;
                                }
                            }
                            _pos = _decoder.DecodeImage(data, _pos, end, _rows._presentAfter, After!, partialOffset);
                            break;
                    }
                }
                catch (EventDecodeException ex)
                {
                    throw new BinlogFormatException("BinlogCorruptEvent", _rows._event.File, _rows._event.Position,
                        $"{_rows._event.TypeName} event for {_tableMap.QualifiedName}: {ex.Message}", ex);
                }
                return true;
            }
        }
    }
}
