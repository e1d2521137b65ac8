using System.IO;

namespace Rostrvm.Core.Backup
{
    /// <summary>.rbk.gz: gzip members (<see cref="GzipMembers"/>).</summary>
    internal sealed class GzipCodec : BackupCodec
    {
        public override BackupCompression Compression => BackupCompression.Gzip;

        public override string Extension => BackupCycle.CompressedExtension;

        public override byte[] Stored(byte[] data, int length) => GzipMembers.Stored(data, length);

        public override void CompressInto(byte[] data, int length, MemoryStream target) => GzipMembers.CompressInto(data, length, target);

        public override Stream OpenRead(Stream compressed) => GzipMembers.OpenRead(compressed);

        public override string? ReadLastMember(FileStream file, int maxTail) => GzipMembers.ReadLastMember(file, maxTail);
    }
}
