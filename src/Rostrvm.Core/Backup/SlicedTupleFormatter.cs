using System;
using System.IO.Hashing;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// The tuple of one text-protocol row, byte for byte as <see cref="RowTupleReader.FormatRow"/>
    /// writes it, but a slice at a time into an <see cref="ITupleSink"/>: a row of 16 MB then never
    /// exists whole as SQL, only as pieces the writer puts on disk one after another. Returns the
    /// XxHash64 that <see cref="TableDigest.HashRow"/> gives for the whole tuple.
    /// </summary>
    internal static class SlicedTupleFormatter
    {
        /// <summary>Room for a separator, NULL, quotes, 0x or the _binary introducer.</summary>
        private const int Small = 16;

        /// <param name="end">Where the tuple ends in the buffer the sink holds last.</param>
        public static ulong Format(ReadOnlySpan<byte> row, DumpValueKind[] kinds, ITupleSink sink, byte[] buffer, int at,
            int sliceBytes, out int end)
        {
            var hash = new XxHash64();
            var slice = Math.Max(Small, sliceBytes);
            var start = at;
            Reserve(Small);
            buffer[at++] = (byte)'(';
            var read = 0;
            for (var i = 0; i < kinds.Length; i++)
            {
                Reserve(Small);
                if (i > 0) buffer[at++] = (byte)',';
                if (read >= row.Length) throw RowTupleReader.UnexpectedRow(kinds.Length);
                int length = row[read++];
                if (length == 0xFB)
                {
                    buffer[at++] = (byte)'N'; buffer[at++] = (byte)'U'; buffer[at++] = (byte)'L'; buffer[at++] = (byte)'L';
                    continue;
                }
                if (length > 0xFB) length = RowTupleReader.ReadLongLength(row, length, ref read, kinds.Length);
                if (length > row.Length - read) throw RowTupleReader.UnexpectedRow(kinds.Length);
                var value = row.Slice(read, length);
                read += length;
                var form = kinds[i] & DumpValueKind.Form;
                switch (form)
                {
                    case DumpValueKind.Plain:
                        break;
                    case DumpValueKind.BinaryQuoted:
                        RowTupleReader.BinaryIntroducer.CopyTo(buffer, at);
                        at += RowTupleReader.BinaryIntroducer.Length;
                        break;
                    case DumpValueKind.Hex:
                        buffer[at++] = value.Length == 0 ? (byte)'\'' : (byte)'0';
                        buffer[at++] = value.Length == 0 ? (byte)'\'' : (byte)'x';
                        break;
                    default:
                        buffer[at++] = (byte)'\'';
                        break;
                }
                for (var done = 0; done < value.Length; done += slice)
                {
                    var part = value.Slice(done, Math.Min(slice, value.Length - done));
                    Reserve(2 * part.Length); // escapes and hex at most double a slice
                    switch (form)
                    {
                        case DumpValueKind.Plain:
                        case DumpValueKind.QuotedAsIs:
                            part.CopyTo(new Span<byte>(buffer, at, part.Length));
                            at += part.Length;
                            break;
                        case DumpValueKind.Hex:
                            RowTupleReader.Hex(part, new Span<byte>(buffer, at, 2 * part.Length));
                            at += 2 * part.Length;
                            break;
                        default:
                            at = RowTupleReader.CopyEscaped(part, new Span<byte>(buffer), at);
                            break;
                    }
                }
                Reserve(Small);
                if (form != DumpValueKind.Plain && form != DumpValueKind.Hex) buffer[at++] = (byte)'\'';
            }
            if (read != row.Length) throw RowTupleReader.UnexpectedRow(kinds.Length);
            Reserve(Small);
            buffer[at++] = (byte)')';
            hash.Append(new ReadOnlySpan<byte>(buffer, start, at - start));
            end = at;
            return hash.GetCurrentHashAsUInt64();

            // Hashes what this buffer holds of the tuple before the sink may hand it on.
            void Reserve(int bytes)
            {
                if (buffer.Length - at >= bytes) return;
                hash.Append(new ReadOnlySpan<byte>(buffer, start, at - start));
                sink.Reserve(bytes, ref buffer, ref at);
                start = at;
            }
        }
    }
}
