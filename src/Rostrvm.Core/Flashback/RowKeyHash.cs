using System;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Rostrvm.Core.Flashback
{
    /// <summary>
    /// A row's identity (its table and key text) in 16 bytes (XXH128): what the undo keeps per row
    /// instead of the text. Equal keys give equal hashes; a hash found is confirmed on the text
    /// (<see cref="RowKeyMap{TValue}"/>), so two keys that share one are never taken for each other.
    /// </summary>
    public readonly struct RowKeyHash : IEquatable<RowKeyHash>
    {
        private readonly ulong _high;
        private readonly ulong _low;

        public RowKeyHash(ulong high, ulong low)
        {
            _high = high;
            _low = low;
        }

        public static RowKeyHash Of(FlashbackTable table, string key)
        {
            var bytes = Encoding.UTF8.GetBytes(table.DisplayName + "\0" + key);
            Span<byte> hash = stackalloc byte[16];
            XxHash128.Hash(bytes, hash);
            return new RowKeyHash(BinaryPrimitives.ReadUInt64LittleEndian(hash), BinaryPrimitives.ReadUInt64LittleEndian(hash.Slice(8)));
        }

        public bool Equals(RowKeyHash other) => _high == other._high && _low == other._low;

        public override bool Equals(object? obj) => obj is RowKeyHash other && Equals(other);

        public override int GetHashCode() => unchecked((int)_low ^ (int)(_low >> 32) ^ (int)_high);

        public override string ToString() => _high.ToString("x16") + _low.ToString("x16");
    }
}
