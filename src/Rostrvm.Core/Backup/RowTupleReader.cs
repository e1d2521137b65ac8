using System;
using System.Data;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Runtime;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// Turns the rows of one table (or one key range of it) into SQL value tuples
    /// <c>(v1,v2,...)</c>, the exact bytes a dump writes and a digest hashes. The server only
    /// sends each value as raw bytes (see <see cref="DumpTable.SelectList"/>); the quoting and
    /// escaping happen here, straight from the connector's row buffer into the caller's buffer,
    /// with no string per value. Used by the dump and, on the restored copy, by Test-RostrvmBackup.
    /// </summary>
    /// <remarks>
    /// The bytes are those of the server's QUOTE() with line breaks escaped (the format every
    /// earlier backup was written and digested in): strings and dates quoted with \\ \' \0 \Z \n \r
    /// escaped, numbers as the server sends them, BIT as its integer, binary as _binary'...' with
    /// the same escapes (format 2, as mysqldump without --hex-blob) or 0x hex (format 1).
    /// </remarks>
    public sealed class RowTupleReader
    {
        private byte[] _tuple = new byte[64 * 1024];

        /// <summary>Called for each row with the tuple buffer and its length (valid until the next call).</summary>
        public delegate void RowHandler(byte[] tuple, int length);

        /// <param name="wireRows">
        /// True when the rows are formatted from their wire payload (<see cref="FormatRow"/>), false for the
        /// connector's public API (<see cref="Format"/>).
        /// </param>
        public static string SelectStatement(DumpTable table, string? where, bool wireRows) =>
            "SELECT " + table.SelectList(wireRows) + " FROM " + SqlText.QuoteIdentifier(table.Name) +
                (string.IsNullOrEmpty(where) ? string.Empty : " WHERE " + where);

        /// <param name="formatVersion">
        /// The .rbk format whose tuples to make (binary values differ, see <see cref="DumpTable.ValueKinds"/>).
        /// </param>
        public async Task<long> ReadAsync(MySqlConnection connection, DumpTable table, string? where, RowHandler onRow,
            CancellationToken token,
            int formatVersion = BackupHeader.CurrentFormatVersion)
        {
            var kinds = table.ValueKinds(formatVersion);
            var wireRows = ConnectorRowPayload.Available;
            long rows = 0;
            using (var command = new MySqlCommand(SelectStatement(table, where, wireRows), connection) { CommandTimeout = 0 })
            using (var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    var length = wireRows
                        ? FormatRow(ConnectorRowPayload.Of(reader), kinds, ref _tuple, 0)
                        : Format(reader, kinds, ref _tuple, 0);
                    onRow(_tuple, length);
                    rows++;
                }
            }
            return rows;
        }

        private static readonly byte[] s_hexDigits = System.Text.Encoding.ASCII.GetBytes("0123456789ABCDEF");

        /// <summary>Binary values are read as bytes whatever the connection's character set.</summary>
        internal static readonly byte[] BinaryIntroducer = System.Text.Encoding.ASCII.GetBytes("_binary'");

        /// <summary>
        /// Upper-case hex of <paramref name="input"/> into <paramref name="output"/> (twice its
        /// length). Four bytes at a time in one 64-bit word (SWAR): spread the nibbles into byte
        /// lanes, then add '0', and 7 more where a nibble is above 9.
        /// </summary>
        [MethodImpl(HotPathOptions.Hot)]
        internal static void Hex(ReadOnlySpan<byte> input, Span<byte> output)
        {
            var count = input.Length;
            var words = BitConverter.IsLittleEndian ? count / 4 : 0;
            var outputWords = MemoryMarshal.Cast<byte, ulong>(output.Slice(0, 8 * words));
            var inputWords = MemoryMarshal.Cast<byte, uint>(input.Slice(0, 4 * words));
            for (var i = 0; i < words; i++)
            {
                ulong v = inputWords[i];
                v = (v | (v << 16)) & 0x0000FFFF0000FFFFUL;
                v = (v | (v << 8)) & 0x00FF00FF00FF00FFUL;
                var nibbles = ((v >> 4) & 0x000F000F000F000FUL) | ((v & 0x000F000F000F000FUL) << 8);
                var letters = ((nibbles + 0x0606060606060606UL) >> 4) & 0x0101010101010101UL;
                outputWords[i] = nibbles + 0x3030303030303030UL + letters * 7;
            }
            for (var i = 4 * words; i < count; i++)
            {
                var b = input[i];
                output[2 * i] = s_hexDigits[b >> 4];
                output[2 * i + 1] = s_hexDigits[b & 15];
            }
        }

        /// <summary>
        /// The most a row of that payload can take as a tuple: every value doubled (hex, escapes),
        /// quotes and the _binary introducer, NULLs, commas, parentheses.
        /// </summary>
        public static long MostBytes(int payloadLength, int columns) => 2L * payloadLength + 10L * columns + 2;

        /// <summary>
        /// Writes the tuple of one row, given as its text-protocol payload (see
        /// <see cref="ConnectorRowPayload"/>; the SELECT of <see cref="SelectStatement"/> with
        /// wireRows), into <paramref name="buffer"/> at <paramref name="at"/> and returns the end
        /// offset. The buffer grows once per row, to the most the row can take (every value
        /// doubled by hex or escapes), so the loop itself never checks for room.
        /// </summary>
        [MethodImpl(HotPathOptions.Hot)]
        public static int FormatRow(ReadOnlySpan<byte> row, DumpValueKind[] kinds, ref byte[] buffer, int at)
        {
            Ensure(ref buffer, at, MostBytes(row.Length, kinds.Length));
            var output = new Span<byte>(buffer);
            var read = 0;
            output[at++] = (byte)'(';
            for (var i = 0; i < kinds.Length; i++)
            {
                if (i > 0) output[at++] = (byte)',';
                if (read >= row.Length) throw UnexpectedRow(kinds.Length);
                int length = row[read++];
                if (length >= 0xFB)
                {
                    if (length == 0xFB)
                    {
                        output[at] = (byte)'N'; output[at + 1] = (byte)'U'; output[at + 2] = (byte)'L'; output[at + 3] = (byte)'L';
                        at += 4;
                        continue;
                    }
                    length = ReadLongLength(row, length, ref read, kinds.Length);
                }
                if (length > row.Length - read) throw UnexpectedRow(kinds.Length);
                var value = row.Slice(read, length);
                read += length;
                at = AppendValue(kinds[i], value, output, at);
            }
            if (read != row.Length) throw UnexpectedRow(kinds.Length);
            output[at++] = (byte)')';
            return at;
        }

        /// <summary>
        /// One non-NULL value as SQL at <paramref name="at"/>, where the output has room for
        /// 2 x its length + 9 bytes: numbers as sent, dates quoted, text quoted and escaped,
        /// binary as _binary'...' escaped or as 0x hex ('' when empty). Returns the end offset.
        /// </summary>
        [MethodImpl(HotPathOptions.Hot)]
        private static int AppendValue(DumpValueKind kind, ReadOnlySpan<byte> value, Span<byte> output, int at)
        {
            switch (kind & DumpValueKind.Form)
            {
                case DumpValueKind.Plain:
                    value.CopyTo(output.Slice(at));
                    return at + value.Length;
                case DumpValueKind.QuotedAsIs:
                    output[at++] = (byte)'\'';
                    value.CopyTo(output.Slice(at));
                    at += value.Length;
                    output[at] = (byte)'\'';
                    return at + 1;
                case DumpValueKind.Quoted:
                    output[at++] = (byte)'\'';
                    at = CopyEscaped(value, output, at);
                    output[at] = (byte)'\'';
                    return at + 1;
                case DumpValueKind.BinaryQuoted:
                    BinaryIntroducer.CopyTo(output.Slice(at));
                    at = CopyEscaped(value, output, at + BinaryIntroducer.Length);
                    output[at] = (byte)'\'';
                    return at + 1;
                default:
                    if (value.Length == 0)
                    {
                        output[at] = (byte)'\'';
                        output[at + 1] = (byte)'\'';
                        return at + 2;
                    }
                    output[at] = (byte)'0';
                    output[at + 1] = (byte)'x';
                    Hex(value, output.Slice(at + 2, 2 * value.Length));
                    return at + 2 + 2 * value.Length;
            }
        }

        /// <summary>A length of 0xFC (2 bytes follow), 0xFD (3) or 0xFE (8), little-endian.</summary>
        internal static int ReadLongLength(ReadOnlySpan<byte> row, int marker, ref int read, int columns)
        {
            var size = marker == 0xFC ? 2 : marker == 0xFD ? 3 : marker == 0xFE ? 8 : 0;
            if (size == 0 || row.Length - read < size) throw UnexpectedRow(columns);
            ulong length = 0;
            for (var i = size - 1; i >= 0; i--) length = (length << 8) | row[read + i];
            read += size;
            if (length > int.MaxValue) throw UnexpectedRow(columns);
            return (int)length;
        }

        internal static InvalidOperationException UnexpectedRow(int columns) =>
            new InvalidOperationException($"A row from the server is not {columns} length-encoded values: the connector handed " +
                "over something other than a text-protocol row.");

        /// <summary>Bytes that get a backslash escape (those <see cref="EscapeOf"/> knows), as a table for the short-value scan.</summary>
        private static readonly bool[] s_escaped = EscapedBytes();

        private static bool[] EscapedBytes()
        {
            var table = new bool[256];
            for (var b = 0; b < 256; b++) table[b] = EscapeOf((byte)b) != 0;
            return table;
        }

        /// <summary>Below this length a value is escaped byte by byte: two vectorised searches cost more than that.</summary>
        private const int ShortValue = 48;

        /// <summary>
        /// Copies a string or binary value with \\ \' NUL Ctrl-Z CR LF escaped; runs without any are
        /// copied whole. Long values are searched for the two groups of three bytes separately, and
        /// each search runs again only once the copy has passed what it found, so a value costs
        /// one pass whatever the number of escapes (binary values have one every few dozen bytes).
        /// </summary>
        [MethodImpl(HotPathOptions.Hot)]
        internal static int CopyEscaped(ReadOnlySpan<byte> value, Span<byte> output, int at)
        {
            if (value.Length < ShortValue)
            {
                var table = s_escaped;
                for (var i = 0; i < value.Length; i++)
                {
                    var b = value[i];
                    if (table[b])
                    {
                        output[at++] = (byte)'\\';
                        output[at++] = EscapeOf(b);
                    }
                    else output[at++] = b;
                }
                return at;
            }
            var copied = 0;
            var quotes = NextOf(value, 0, (byte)'\'', (byte)'\\', 0);
            var breaks = NextOf(value, 0, (byte)'\n', (byte)'\r', 0x1a);
            while (true)
            {
                var next = Math.Min(quotes, breaks);
                if (next == int.MaxValue)
                {
                    value.Slice(copied).CopyTo(output.Slice(at));
                    return at + value.Length - copied;
                }
                value.Slice(copied, next - copied).CopyTo(output.Slice(at));
                at += next - copied;
                output[at++] = (byte)'\\';
                output[at++] = EscapeOf(value[next]);
                copied = next + 1;
                if (quotes == next) quotes = NextOf(value, copied, (byte)'\'', (byte)'\\', 0);
                else breaks = NextOf(value, copied, (byte)'\n', (byte)'\r', 0x1a);
            }
        }

        /// <summary>The offset of the first of three bytes at or after <paramref name="from"/>, or int.MaxValue.</summary>
        [MethodImpl(HotPathOptions.Hot)]
        private static int NextOf(ReadOnlySpan<byte> value, int from, byte a, byte b, byte c)
        {
            var found = value.Slice(from).IndexOfAny(a, b, c);
            return found < 0 ? int.MaxValue : from + found;
        }

        /// <summary>
        /// The public-API path (the SELECT without wireRows, every value cast AS BINARY): the same
        /// tuple as <see cref="FormatRow"/>, each value fetched with GetBytes into a scratch array
        /// first. Writes at <paramref name="at"/> (growing the buffer) and returns the end offset.
        /// </summary>
        public static int Format(MySqlDataReader reader, DumpValueKind[] kinds, ref byte[] buffer, int at)
        {
            Ensure(ref buffer, at, 2);
            buffer[at++] = (byte)'(';
            for (var i = 0; i < kinds.Length; i++)
            {
                Ensure(ref buffer, at, 5);
                if (i > 0) buffer[at++] = (byte)',';
                if ((kinds[i] & DumpValueKind.MaybeNull) != 0 && reader.IsDBNull(i))
                {
                    buffer[at] = (byte)'N'; buffer[at + 1] = (byte)'U'; buffer[at + 2] = (byte)'L'; buffer[at + 3] = (byte)'L';
                    at += 4;
                    continue;
                }
                var size = (int)reader.GetBytes(i, 0, null, 0, 0);
                var value = t_value != null && t_value.Length >= size ? t_value : (t_value = new byte[Math.Max(size, 4096)]);
                reader.GetBytes(i, 0, value, 0, size);
                Ensure(ref buffer, at, 2L * size + 9);
                at = AppendValue(kinds[i], new ReadOnlySpan<byte>(value, 0, size), new Span<byte>(buffer), at);
            }
            Ensure(ref buffer, at, 1);
            buffer[at++] = (byte)')';
            return at;
        }

        [ThreadStatic] private static byte[]? t_value;

        /// <summary>
        /// The length the current row's text-protocol payload has (length prefixes included),
        /// from the public API: the same number <see cref="ConnectorRowPayload"/> gives, so that
        /// both paths split statements alike.
        /// </summary>
        public static int PayloadBytes(MySqlDataReader reader, int columns)
        {
            long total = 0;
            for (var i = 0; i < columns; i++)
            {
                if (reader.IsDBNull(i)) { total++; continue; }
                var size = reader.GetBytes(i, 0, null, 0, 0);
                total += LengthPrefixBytes(size) + size;
            }
            return (int)Math.Min(total, int.MaxValue);
        }

        /// <summary>The bytes of a value's length-encoded length in a text-protocol row: 1, or a marker and 2, 3 or 8 bytes.</summary>
        internal static int LengthPrefixBytes(long length) => length < 0xFB ? 1 : length < 1 << 16 ? 3 : length < 1 << 24 ? 4 : 9;

        private static void Ensure(ref byte[] buffer, int length, long extra)
        {
            var needed = length + extra;
            if (needed <= buffer.Length) return;
            long size = buffer.Length;
            // Doubling amortises ordinary growth; a huge row gets what it needs, not twice that.
            if (needed > 2L * size) size = (needed + 0xFFFF) & ~0xFFFFL;
            while (size < needed) size *= 2;
            if (size > int.MaxValue - 64)
                size = needed <= int.MaxValue - 64
                    ? int.MaxValue - 64
                    : throw new InvalidOperationException("A row is too large to be dumped.");
            Array.Resize(ref buffer, (int)size);
        }

        private static byte EscapeOf(byte b)
        {
            switch (b)
            {
                case 0: return (byte)'0';
                case (byte)'\n': return (byte)'n';
                case (byte)'\r': return (byte)'r';
                case 0x1a: return (byte)'Z';
                case (byte)'\'': return (byte)'\'';
                case (byte)'\\': return (byte)'\\';
                default: return 0;
            }
        }
    }
}
