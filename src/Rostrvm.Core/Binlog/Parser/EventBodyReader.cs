using System;
using System.Buffers.Binary;
using System.Text;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Bounds-checked little-endian reader over one event body (the MySqlConnector
    /// ByteArrayReader pattern): every read past the declared length fails with an
    /// <see cref="EventDecodeException"/>, never an index error or a read into the next event.
    /// </summary>
    internal ref struct EventBodyReader
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _offset;

        public EventBodyReader(ReadOnlySpan<byte> data)
        {
            _data = data;
            _offset = 0;
        }

        public int Offset { get => _offset; set { if (value < 0 || value > _data.Length) Fail(value - _offset); _offset = value; } }
        public int Remaining => _data.Length - _offset;
        public bool AtEnd => _offset >= _data.Length;

        private void Need(int count)
        {
            if (count < 0 || _offset + count > _data.Length) Fail(count);
        }

        private void Fail(int count) =>
            throw new EventDecodeException($"event body too short: needed {count} byte(s) at offset {_offset} of {_data.Length}");

        public byte ReadByte() { Need(1); return _data[_offset++]; }

        public ushort ReadUInt16()
        {
            Need(2);
            var v = BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(_offset));
            _offset += 2;
            return v;
        }

        public uint ReadUInt24()
        {
            Need(3);
            var v = (uint)(_data[_offset] | _data[_offset + 1] << 8 | _data[_offset + 2] << 16);
            _offset += 3;
            return v;
        }

        public uint ReadUInt32() { Need(4); var v = BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(_offset)); _offset += 4; return v; }

        public ulong ReadUInt48()
        {
            Need(6);
            ulong v = BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(_offset))
                | (ulong)BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(_offset + 4)) << 32;
            _offset += 6;
            return v;
        }

        public ulong ReadUInt64()
        {
            Need(8);
            var v = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_offset));
            _offset += 8;
            return v;
        }

        public ulong ReadUIntN(int bytes)
        {
            Need(bytes);
            ulong v = 0;
            for (var i = 0; i < bytes; i++) v |= (ulong)_data[_offset + i] << (8 * i);
            _offset += bytes;
            return v;
        }

        /// <summary>Length-encoded integer of the client/server protocol (packed integer).</summary>
        public ulong ReadPackedInt()
        {
            var first = ReadByte();
            if (first < 0xFB) return first;
            if (first == 0xFC) return ReadUInt16();
            if (first == 0xFD) return ReadUInt24();
            if (first == 0xFE) return ReadUInt64();
            throw new EventDecodeException($"invalid packed integer prefix 0x{first:X2} at offset {_offset - 1}");
        }

        public int ReadPackedLength()
        {
            var v = ReadPackedInt();
            if (v > int.MaxValue) throw new EventDecodeException($"length {v} out of range at offset {_offset}");
            return (int)v;
        }

        public ReadOnlySpan<byte> ReadBytes(int count) { Need(count); var s = _data.Slice(_offset, count); _offset += count; return s; }

        public ReadOnlySpan<byte> ReadToEnd() { var s = _data.Slice(_offset); _offset = _data.Length; return s; }

        public void Skip(int count) { Need(count); _offset += count; }

        public string ReadString(int count) => Utf8(ReadBytes(count));

        /// <summary>A string ended by a NUL byte (the NUL is consumed).</summary>
        public string ReadNullTerminatedString()
        {
            var rest = _data.Slice(_offset);
            var end = rest.IndexOf((byte)0);
            if (end < 0) throw new EventDecodeException($"unterminated string at offset {_offset}");
            var s = Utf8(rest.Slice(0, end));
            _offset += end + 1;
            return s;
        }

        public static string Utf8(ReadOnlySpan<byte> bytes) => bytes.Length == 0 ? string.Empty : Encoding.UTF8.GetString(bytes.ToArray());
    }
}
