using System;

namespace Rostrvm.Core.IO
{
    /// <summary>What one zip entry holds: name, uncompressed length, CRC-32 and time.</summary>
    public sealed class ZipEntryInfo
    {
        public ZipEntryInfo(string name, long length, uint crc32, DateTime lastWriteTime)
        {
            Name = name;
            Length = length;
            Crc32 = crc32;
            LastWriteTime = lastWriteTime;
        }

        public string Name { get; }
        public long Length { get; }
        public uint Crc32 { get; }
        public DateTime LastWriteTime { get; }
        /// <summary>Bytes of the entry in the archive, when read from one (0 when written).</summary>
        public long CompressedLength { get; internal set; }

        public bool SameContentAs(ZipEntryInfo? other) => other != null && Length == other.Length && Crc32 == other.Crc32;
    }
}
