using System;
using System.Data;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// Streams the rows of one table (or one key range of it) as SQL value tuples
    /// <c>(v1,v2,...)</c>, the exact bytes a dump writes and a digest hashes. One row is held at
    /// a time; the server does the per-column formatting (see <see cref="DumpTable.SelectList"/>).
    /// Used by the dump and, on the restored copy, by Test-RostrvmBackup.
    /// </summary>
    public sealed class RowTupleReader
    {
        private static readonly byte[] s_hex = System.Text.Encoding.ASCII.GetBytes("0123456789ABCDEF");
        private byte[] _tuple = new byte[64 * 1024];
        private byte[] _raw = new byte[64 * 1024];

        /// <summary>Called for each row with the tuple buffer and its length (valid until the next call).</summary>
        public delegate void RowHandler(byte[] tuple, int length);

        public async Task<long> ReadAsync(MySqlConnection connection, DumpTable table, string where, RowHandler onRow, CancellationToken token)
        {
            var select = table.SelectList(out var rawBinary);
            var sql = "SELECT " + select + " FROM " + SqlText.QuoteIdentifier(table.Name) + (string.IsNullOrEmpty(where) ? string.Empty : " WHERE " + where);
            long rows = 0;
            using (var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 })
            using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, token).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    var length = FormatRow(reader, rawBinary); // first: it may replace _tuple with a larger buffer
                    onRow(_tuple, length);
                    rows++;
                }
            }
            return rows;
        }

        /// <summary>The tuple of the current row; returns its length in the tuple buffer.</summary>
        private int FormatRow(MySqlDataReader reader, bool[] rawBinary)
        {
            var length = 0;
            Put(ref length, (byte)'(');
            for (var i = 0; i < rawBinary.Length; i++)
            {
                if (i > 0) Put(ref length, (byte)',');
                if (rawBinary[i]) AppendHex(reader, i, ref length);
                else AppendFormatted(reader, i, ref length);
            }
            Put(ref length, (byte)')');
            return length;
        }

        private static readonly ushort[] s_hexPairs = BuildHexPairs();

        private static ushort[] BuildHexPairs()
        {
            var pairs = new ushort[256];
            for (var b = 0; b < 256; b++)
                pairs[b] = BitConverter.IsLittleEndian ? (ushort)(s_hex[b >> 4] | (s_hex[b & 15] << 8)) : (ushort)((s_hex[b >> 4] << 8) | s_hex[b & 15]);
            return pairs;
        }

        private void Put(ref int length, byte value)
        {
            if (length == _tuple.Length) Array.Resize(ref _tuple, _tuple.Length * 2);
            _tuple[length++] = value;
        }

        private void Ensure(int length, long extra)
        {
            var needed = length + extra;
            if (needed <= _tuple.Length) return;
            var size = _tuple.Length;
            while (size < needed) size *= 2;
            Array.Resize(ref _tuple, size);
        }

        /// <summary>Server-formatted values: copied, with raw line breaks escaped so every statement stays on one line.</summary>
        private void AppendFormatted(MySqlDataReader reader, int ordinal, ref int length)
        {
            var size = reader.GetBytes(ordinal, 0, null, 0, 0);
            Ensure(length, size);
            var start = length;
            reader.GetBytes(ordinal, 0, _tuple, length, (int)size);
            length += (int)size;
            var span = new ReadOnlySpan<byte>(_tuple, start, (int)size);
            var first = span.IndexOfAny((byte)'\n', (byte)'\r');
            if (first < 0) return;
            // Rare: rebuild the tail with \n and \r escapes (line breaks only occur inside quoted strings).
            var tail = span.Slice(first).ToArray();
            length = start + first;
            var extra = 0;
            foreach (var b in tail) if (b == (byte)'\n' || b == (byte)'\r') extra++;
            Ensure(length, tail.Length + extra);
            foreach (var b in tail)
            {
                if (b == (byte)'\n') { _tuple[length++] = (byte)'\\'; _tuple[length++] = (byte)'n'; }
                else if (b == (byte)'\r') { _tuple[length++] = (byte)'\\'; _tuple[length++] = (byte)'r'; }
                else _tuple[length++] = b;
            }
        }

        private void AppendHex(MySqlDataReader reader, int ordinal, ref int length)
        {
            if (reader.IsDBNull(ordinal))
            {
                Ensure(length, 4);
                _tuple[length++] = (byte)'N'; _tuple[length++] = (byte)'U'; _tuple[length++] = (byte)'L'; _tuple[length++] = (byte)'L';
                return;
            }
            var size = (int)reader.GetBytes(ordinal, 0, null, 0, 0);
            if (size == 0)
            {
                Ensure(length, 2);
                _tuple[length++] = (byte)'\''; _tuple[length++] = (byte)'\'';
                return;
            }
            if (_raw.Length < size) _raw = new byte[Math.Max(size, _raw.Length * 2)];
            reader.GetBytes(ordinal, 0, _raw, 0, size);
            Ensure(length, 2 + 2L * size);
            _tuple[length++] = (byte)'0'; _tuple[length++] = (byte)'x';
            // Two hex digits per byte, written as one 16-bit store.
            var pairs = MemoryMarshal.Cast<byte, ushort>(new Span<byte>(_tuple, length, 2 * size));
            var raw = new ReadOnlySpan<byte>(_raw, 0, size);
            for (var i = 0; i < raw.Length; i++) pairs[i] = s_hexPairs[raw[i]];
            length += 2 * size;
        }
    }
}
