using System;
using System.Buffers.Text;
using System.IO;
using System.Runtime.CompilerServices;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Runtime;

namespace Rostrvm.Core.Mis
{
    /// <summary>
    /// Streams the records of an extract written by <see cref="MisCsvRowFormatter"/>: the raw bytes
    /// of each record (CRLF included, exactly as written) and its primary key, so rows can be
    /// merged and compared byte for byte without parsing every field. Splits records the
    /// RFC 4180 way: a CRLF inside quotes belongs to the field. Scanning bytes is safe in UTF-8,
    /// where no byte of a multi-byte character is an ASCII quote, comma or line feed.
    /// </summary>
    public sealed class MisCsvRecordReader : IDisposable
    {
        private readonly Stream _stream;
        private readonly int _keyIndex;
        private readonly string _path;
        private readonly byte[] _chunk = new byte[1 << 16];
        private int _chunkLength;
        private int _chunkPosition;
        private byte[] _record = new byte[4096];
        private long _recordNumber;

        public MisCsvRecordReader(string path, int keyIndex)
        {
            _path = path;
            _keyIndex = keyIndex;
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            if (!ReadRecord()) throw Invalid("it has no header row");
            Header = new byte[Length];
            Array.Copy(_record, Header, Length);
        }

        /// <summary>The header record, byte order mark included.</summary>
        public byte[] Header { get; }
        public byte[] Record => _record;
        public int Length { get; private set; }
        public long Key { get; private set; }
        public bool AtEnd { get; private set; }

        /// <summary>Moves to the next data record; false at the end of the file.</summary>
        public bool Next()
        {
            if (!ReadRecord()) { AtEnd = true; return false; }
            Key = ParseKey();
            return true;
        }

        [MethodImpl(HotPathOptions.Hot)]
        public bool SameAs(byte[] bytes, int length) =>
            length == Length && new ReadOnlySpan<byte>(bytes, 0, length).SequenceEqual(new ReadOnlySpan<byte>(_record, 0, length));

        /// <summary>Reads up to and including the next line feed outside quotes, a run of bytes at a time.</summary>
        [MethodImpl(HotPathOptions.Hot)]
        private bool ReadRecord()
        {
            Length = 0;
            var quoted = false;
            while (true)
            {
                if (_chunkPosition == _chunkLength)
                {
                    _chunkLength = _stream.Read(_chunk, 0, _chunk.Length);
                    _chunkPosition = 0;
                    if (_chunkLength == 0)
                    {
                        if (Length == 0) return false;
                        throw Invalid("its last record does not end with a line break");
                    }
                }
                var rest = new ReadOnlySpan<byte>(_chunk, _chunkPosition, _chunkLength - _chunkPosition);
                var stop = quoted ? rest.IndexOf((byte)'"') : rest.IndexOfAny((byte)'"', (byte)'\n');
                var take = stop < 0 ? rest.Length : stop + 1;
                if (Length + take > _record.Length) Array.Resize(ref _record, Math.Max(_record.Length * 2, Length + take));
                rest.Slice(0, take).CopyTo(new Span<byte>(_record, Length, take));
                Length += take;
                _chunkPosition += take;
                if (stop < 0) continue;
                if (rest[stop] == (byte)'"') quoted = !quoted;
                else
                {
                    _recordNumber++;
                    return true;
                }
            }
        }

        [MethodImpl(HotPathOptions.Hot)]
        private long ParseKey()
        {
            var field = 0;
            var start = 0;
            for (var i = 0; i < Length; i++)
            {
                if (field == _keyIndex)
                {
                    start = i;
                    var end = start;
                    while (end < Length && _record[end] != (byte)',' && _record[end] != (byte)'\r') end++;
                    if (Utf8Parser.TryParse(new ReadOnlySpan<byte>(_record, start, end - start), out long key, out var consumed)
                        && consumed == end - start)
                        return key;
                    throw Invalid($"record {_recordNumber} has no integer key in column {_keyIndex + 1}");
                }
                if (_record[i] == (byte)'"')
                {
                    // skip the quoted field; a doubled quote reopens it
                    i++;
                    while (i < Length && !(_record[i] == (byte)'"'
                        && (i + 1 >= Length || _record[i + 1] != (byte)'"'))) i += _record[i] == (byte)'"' ? 2 : 1;
                }
                else if (_record[i] == (byte)',') field++;
            }
            throw Invalid($"record {_recordNumber} has fewer than {_keyIndex + 1} fields");
        }

        private RostrvmException Invalid(string why) =>
            new RostrvmException("MisExtractInvalid", FailureKind.InvalidData,
                $"The MIS extract '{_path}' cannot be read: {why}. Restore it from a copy, or move the day's folder away and extract the " +
                    $"day again.", _path);

        public void Dispose() => _stream.Dispose();
    }
}
