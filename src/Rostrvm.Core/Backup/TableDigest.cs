using System;
using System.Globalization;
using System.IO.Hashing;
using System.Threading;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// A table's fingerprint as the backup saw it: the row count and the wrapping sum of the
    /// XxHash64 of each row's SQL value tuple <c>(v1,v2,...)</c> exactly as written to the file.
    /// A sum does not depend on the order rows come back in, so chunks read in parallel add up,
    /// and a table loaded from the backup and read back the same way gives the same value.
    /// </summary>
    public sealed class TableDigest
    {
        public const string Algorithm = "xxh64-sum-of-row-tuples";

        private long _rows;
        private long _sum;

        public long Rows => Interlocked.Read(ref _rows);
        public ulong Sum => unchecked((ulong)Interlocked.Read(ref _sum));
        public string Hex => Format(Sum);

        public static ulong HashRow(byte[] tuple, int offset, int length) =>
            XxHash64.HashToUInt64(new ReadOnlySpan<byte>(tuple, offset, length));

        /// <summary>Adds the rows of one chunk (thread-safe).</summary>
        public void Add(long rows, ulong sum)
        {
            Interlocked.Add(ref _rows, rows);
            Interlocked.Add(ref _sum, unchecked((long)sum));
        }

        public static string Format(ulong value) => value.ToString("x16", CultureInfo.InvariantCulture);
    }
}
