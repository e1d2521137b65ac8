using System;
using System.Runtime.CompilerServices;
using System.Text;
using Rostrvm.Core.Runtime;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Decodes the row images of one table map. Built once per table map: each column's type,
    /// metadata, signedness and text encoding are resolved up front, so decoding a row is a loop
    /// over a switch writing into a reused <see cref="ColumnValue"/> array: no boxing, no lookups.
    /// Value layouts: https://dev.mysql.com/doc/dev/mysql-server/latest/classbinary__log_1_1Rows__event.html
    /// and MySQL's log_event.cc log_event_print_value.
    /// </summary>
    internal sealed class RowImageDecoder
    {
        private readonly ColumnType[] _types;
        private readonly int[] _meta;
        private readonly bool[] _unsigned;
        private readonly Encoding?[] _encodings;
        private readonly bool[] _textKnown;
        private readonly int[] _jsonOrdinal;

        public RowImageDecoder(TableMapEventData map)
        {
            var n = map.ColumnCount;
            ColumnCount = n;
            _types = map.RealTypes;
            _meta = new int[n];
            _unsigned = new bool[n];
            _encodings = new Encoding?[n];
            _textKnown = new bool[n];
            _jsonOrdinal = new int[n];
            var json = 0;
            for (var i = 0; i < n; i++)
            {
                _meta[i] = map.Metadata[i];
                _unsigned[i] = map.Unsigned != null && map.Unsigned[i];
                if (map.Collations != null && map.Collations[i] != 0)
                {
                    _encodings[i] = Charsets.EncodingOf(map.Collations[i]);
                    _textKnown[i] = true;
                }
                else
                {
                    _encodings[i] = Encoding.UTF8;
                }
                _jsonOrdinal[i] = _types[i] == ColumnType.Json ? json++ : -1;
            }
            JsonColumnCount = json;
        }

        public int ColumnCount { get; }
        public int JsonColumnCount { get; }

        public static bool Bit(byte[] data, int bitmapOffset, int index) => (data[bitmapOffset + (index >> 3)] & (1 << (index & 7))) != 0;

        /// <summary>
        /// Decodes one image starting at <paramref name="pos"/>: the NULL bitmap over the present
        /// columns, then each present non-NULL value. Returns the position after the image.
        /// </summary>
        [MethodImpl(HotPathOptions.Hot)]
        public int DecodeImage(byte[] data, int pos, int end, int presentOffset, ColumnValue[] output, int partialOffset = -1)
        {
            var n = ColumnCount;
            var present = 0;
            for (var i = 0; i < n; i++) if (Bit(data, presentOffset, i)) present++;
            var nullOffset = pos;
            pos += (present + 7) >> 3;
            if (pos > end) throw new EventDecodeException("row image NULL bitmap runs past the end of the event");
            var k = 0;
            for (var i = 0; i < n; i++)
            {
                if (!Bit(data, presentOffset, i)) { output[i] = default; continue; }
                var isNull = Bit(data, nullOffset, k++);
                if (isNull) { output[i] = new ColumnValue { Kind = ColumnValueKind.Null }; continue; }
                var partial = partialOffset >= 0 && _jsonOrdinal[i] >= 0 && Bit(data, partialOffset, _jsonOrdinal[i]);
                pos = DecodeValue(data, pos, end, i, ref output[i], partial);
            }
            return pos;
        }

        [MethodImpl(HotPathOptions.Hot)]
        private int DecodeValue(byte[] data, int pos, int end, int i, ref ColumnValue v, bool partialJson)
        {
            var meta = _meta[i];
            int length;
            switch (_types[i])
            {
                case ColumnType.Tiny:
                    Need(pos, 1, end);
                    Integer(ref v, _unsigned[i] ? data[pos] : (long)(sbyte)data[pos], _unsigned[i]);
                    return pos + 1;
                case ColumnType.Short:
                    Need(pos, 2, end);
                    {
                        var u = (ushort)(data[pos] | data[pos + 1] << 8);
                        Integer(ref v, _unsigned[i] ? u : (long)(short)u, _unsigned[i]);
                    }
                    return pos + 2;
                case ColumnType.Int24:
                    Need(pos, 3, end);
                    {
                        var u = data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16;
                        Integer(ref v, _unsigned[i] ? u : (long)((u << 8) >> 8), _unsigned[i]);
                    }
                    return pos + 3;
                case ColumnType.Long:
                    Need(pos, 4, end);
                    {
                        var u = BitConverter.ToUInt32(data, pos);
                        Integer(ref v, _unsigned[i] ? u : (long)(int)u, _unsigned[i]);
                    }
                    return pos + 4;
                case ColumnType.LongLong:
                    Need(pos, 8, end);
                    Integer(ref v, BitConverter.ToInt64(data, pos), _unsigned[i]);
                    return pos + 8;
                case ColumnType.Float:
                    Need(pos, 4, end);
                    v = new ColumnValue { Kind = ColumnValueKind.Single, Double = BitConverter.ToSingle(data, pos) };
                    return pos + 4;
                case ColumnType.Double:
                    Need(pos, 8, end);
                    v = new ColumnValue { Kind = ColumnValueKind.Double, Double = BitConverter.ToDouble(data, pos) };
                    return pos + 8;
                case ColumnType.Year:
                    Need(pos, 1, end);
                    v = new ColumnValue { Kind = ColumnValueKind.Year, Int = data[pos] == 0 ? 0 : 1900 + data[pos] };
                    return pos + 1;
                case ColumnType.NewDecimal:
                    {
                        var precision = meta >> 8;
                        var scale = meta & 0xFF;
                        length = BinaryDecimal.Size(precision, scale);
                        Need(pos, length, end);
                        if (BinaryDecimal.TryDecode(data, pos, precision, scale, out var d, out var text))
                            v = new ColumnValue { Kind = ColumnValueKind.Decimal, Decimal = d, Fraction = scale };
                        else
                            v = new ColumnValue { Kind = ColumnValueKind.DecimalText, Reference = text, Fraction = scale };
                        return pos + length;
                    }
                case ColumnType.Date:
                case ColumnType.NewDate:
                    Need(pos, 3, end);
                    {
                        var u = data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16;
                        long day = u & 31, month = (u >> 5) & 15, year = u >> 9;
                        v = new ColumnValue { Kind = ColumnValueKind.Date, Int = (year * 10000 + month * 100 + day) * 1000000 };
                    }
                    return pos + 3;
                case ColumnType.Time:
                    Need(pos, 3, end);
                    {
                        var u = data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16;
                        long t = (u << 8) >> 8;
                        var neg = t < 0;
                        if (neg) t = -t;
                        var micro = ((t / 10000) * 3600 + (t / 100 % 100) * 60 + t % 100) * 1000000L;
                        v = new ColumnValue { Kind = ColumnValueKind.Time, Int = neg ? -micro : micro };
                    }
                    return pos + 3;
                case ColumnType.DateTime:
                    Need(pos, 8, end);
                    v = new ColumnValue { Kind = ColumnValueKind.DateTime, Int = BitConverter.ToInt64(data, pos) };
                    return pos + 8;
                case ColumnType.Timestamp:
                    Need(pos, 4, end);
                    v = new ColumnValue { Kind = ColumnValueKind.Timestamp, Int = BitConverter.ToUInt32(data, pos) };
                    return pos + 4;
                case ColumnType.Timestamp2:
                    {
                        length = 4 + (meta + 1) / 2;
                        Need(pos, length, end);
                        long seconds = (uint)(data[pos] << 24 | data[pos + 1] << 16 | data[pos + 2] << 8 | data[pos + 3]);
                        v = new ColumnValue { Kind = ColumnValueKind.Timestamp, Int = seconds, Fraction = Fraction(data, pos + 4, meta) };
                        return pos + length;
                    }
                case ColumnType.DateTime2:
                    {
                        length = 5 + (meta + 1) / 2;
                        Need(pos, length, end);
                        long packed = ((long)data[pos] << 32 | (long)data[pos + 1] << 24 | (long)data[pos + 2] << 16
                            | (long)data[pos + 3] << 8 | data[pos + 4]) - 0x8000000000L;
                        if (packed < 0) packed = -packed;
                        var ymd = packed >> 17;
                        var ym = ymd >> 5;
                        var hms = packed & 0x1FFFF;
                        long year = ym / 13, month = ym % 13, day = ymd & 31;
                        long hour = hms >> 12, minute = (hms >> 6) & 63, second = hms & 63;
                        v = new ColumnValue
                        {
                            Kind = ColumnValueKind.DateTime,
                            Int = ((year * 10000 + month * 100 + day) * 1000000) + hour * 10000 + minute * 100 + second,
                            Fraction = Fraction(data, pos + 5, meta),
                        };
                        return pos + length;
                    }
                case ColumnType.Time2:
                    {
                        length = 3 + (meta + 1) / 2;
                        Need(pos, length, end);
                        v = new ColumnValue { Kind = ColumnValueKind.Time, Int = Time2Micro(data, pos, meta) };
                        return pos + length;
                    }
                case ColumnType.Bit:
                    {
                        var bits = (meta >> 8) + (meta & 0xFF) * 8;
                        length = (bits + 7) / 8;
                        Need(pos, length, end);
                        long b = 0;
                        for (var j = 0; j < length; j++) b = (b << 8) | data[pos + j];
                        v = new ColumnValue { Kind = ColumnValueKind.Bit, Int = b, Fraction = bits };
                        return pos + length;
                    }
                case ColumnType.Enum:
                    Need(pos, meta, end);
                    v = new ColumnValue { Kind = ColumnValueKind.Enum, Int = meta == 1 ? data[pos] : data[pos] | data[pos + 1] << 8 };
                    return pos + meta;
                case ColumnType.Set:
                    {
                        Need(pos, meta, end);
                        long s = 0;
                        for (var j = meta - 1; j >= 0; j--) s = (s << 8) | data[pos + j];
                        v = new ColumnValue { Kind = ColumnValueKind.Set, Int = s, Fraction = meta * 8 };
                        return pos + meta;
                    }
                case ColumnType.VarChar:
                case ColumnType.VarString:
                case ColumnType.String:
                    if (meta < 256) { Need(pos, 1, end); length = data[pos]; pos += 1; }
                    else { Need(pos, 2, end); length = data[pos] | data[pos + 1] << 8; pos += 2; }
                    Need(pos, length, end);
                    Text(ref v, data, pos, length, i);
                    return pos + length;
                case ColumnType.Blob:
                case ColumnType.TinyBlob:
                case ColumnType.MediumBlob:
                case ColumnType.LongBlob:
                case ColumnType.Geometry:
                case ColumnType.Json:
                case ColumnType.Vector:
                    {
                        Need(pos, meta, end);
                        long len = 0;
                        for (var j = meta - 1; j >= 0; j--) len = (len << 8) | data[pos + j];
                        pos += meta;
                        if (len > end - pos)
                            throw new EventDecodeException($"column {i + 1} value of {len} bytes runs past the end of the event");
                        length = (int)len;
                        switch (_types[i])
                        {
                            case ColumnType.Json:
                                v = partialJson
                                    ? new ColumnValue
                                    {
                                        Kind = ColumnValueKind.JsonDiff,
                                        Reference = JsonBinary.DiffsToText(data, pos, length, "@" + (i + 1)),
                                    }
                                    : new ColumnValue { Kind = ColumnValueKind.Json, Reference = JsonBinary.ToJson(data, pos, length) };
                                break;
                            case ColumnType.Geometry:
                                v = new ColumnValue { Kind = ColumnValueKind.Geometry, Reference = Copy(data, pos, length) };
                                break;
                            case ColumnType.Vector:
                                v = new ColumnValue { Kind = ColumnValueKind.Vector, Reference = Copy(data, pos, length) };
                                break;
                            default:
                                if (_textKnown[i]) Text(ref v, data, pos, length, i);
                                else v = new ColumnValue { Kind = ColumnValueKind.Bytes, Reference = Copy(data, pos, length) };
                                break;
                        }
                        return pos + length;
                    }
                case ColumnType.Null:
                    v = new ColumnValue { Kind = ColumnValueKind.Null };
                    return pos;
                default:
                    throw new EventDecodeException($"column {i + 1} has type {(int)_types[i]} that row images cannot carry");
            }
        }

        private static void Need(int pos, int count, int end)
        {
            if (pos + count > end)
                throw new EventDecodeException($"row value of {count} byte(s) at offset {pos} runs past the end of the event");
        }

        private static void Integer(ref ColumnValue v, long value, bool unsigned) =>
            v = new ColumnValue { Kind = unsigned ? ColumnValueKind.UInt64 : ColumnValueKind.Int64, Int = value };

        private void Text(ref ColumnValue v, byte[] data, int pos, int length, int i)
        {
            var encoding = _encodings[i];
            if (encoding == null) { v = new ColumnValue { Kind = ColumnValueKind.Bytes, Reference = Copy(data, pos, length) }; return; }
            v = new ColumnValue
            {
                Kind = ColumnValueKind.String,
                Reference = length == 0 ? string.Empty : encoding.GetString(data, pos, length),
            };
        }

        private static byte[] Copy(byte[] data, int pos, int length)
        {
            var b = new byte[length];
            Buffer.BlockCopy(data, pos, b, 0, length);
            return b;
        }

        /// <summary>Fractional seconds of TIMESTAMP2/DATETIME2: (fsp+1)/2 big-endian bytes, as microseconds.</summary>
        private static int Fraction(byte[] data, int pos, int fsp)
        {
            switch (fsp)
            {
                case 1: case 2: return data[pos] * 10000;
                case 3: case 4: return (data[pos] << 8 | data[pos + 1]) * 100;
                case 5: case 6: return data[pos] << 16 | data[pos + 1] << 8 | data[pos + 2];
                default: return 0;
            }
        }

        /// <summary>TIME2 (my_time_packed_from_binary) as signed total microseconds.</summary>
        internal static long Time2Micro(byte[] data, int pos, int fsp)
        {
            long intPart, frac = 0;
            var u3 = (long)(data[pos] << 16 | data[pos + 1] << 8 | data[pos + 2]);
            switch (fsp)
            {
                case 1: case 2:
                    intPart = u3 - 0x800000;
                    frac = data[pos + 3]; // unsigned, as my_time_packed_from_binary reads it
                    if (intPart < 0 && frac != 0) { intPart++; frac -= 0x100; }
                    frac *= 10000;
                    break;
                case 3: case 4:
                    intPart = u3 - 0x800000;
                    frac = data[pos + 3] << 8 | data[pos + 4];
                    if (intPart < 0 && frac != 0) { intPart++; frac -= 0x10000; }
                    frac *= 100;
                    break;
                case 5: case 6:
                    {
                        var packed = (u3 << 24 | (long)data[pos + 3] << 16 | (long)data[pos + 4] << 8 | data[pos + 5]) - 0x800000000000L;
                        intPart = packed >> 24;
                        frac = packed - (intPart << 24);
                        break;
                    }
                default:
                    intPart = u3 - 0x800000;
                    break;
            }
            // packed = (intPart << 24) + frac; hms from the absolute value.
            var total = (intPart << 24) + frac;
            var negative = total < 0;
            if (negative) total = -total;
            var hms = total >> 24;
            var micro = total & 0xFFFFFF;
            var hour = (hms >> 12) % (1 << 10);
            var minute = (hms >> 6) % (1 << 6);
            var second = hms % (1 << 6);
            var result = ((hour * 3600 + minute * 60 + second) * 1000000L) + micro;
            return negative ? -result : result;
        }
    }
}
