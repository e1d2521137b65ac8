using System;
using System.IO;
using Rostrvm.Core.Encryption;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// A compressed backup is a series of independently compressed members (gzip members or zstd
    /// frames) that the format's own command-line tool reads as one stream. The header is a member
    /// of stored (uncompressed) blocks, so it can be rewritten in place at the same size; each data
    /// piece is a member compressed by the worker that produced it (parallel compression); the
    /// completion line is the last small member, found from the file's tail alone. The codec is
    /// chosen once, from the compression asked for or from a file's name.
    /// </summary>
    internal abstract class BackupCodec
    {
        public static readonly BackupCodec Gzip = new GzipCodec();
        public static readonly BackupCodec Zstd = new ZstdCodec();

        public abstract BackupCompression Compression { get; }

        /// <summary>The file name's ending (.rbk.gz, .rbk.zst).</summary>
        public abstract string Extension { get; }

        /// <summary>A member holding <paramref name="data"/> uncompressed (its size depends only on the length).</summary>
        public abstract byte[] Stored(byte[] data, int length);

        /// <summary>A compressed member into a reused stream (emptied first), so that no buffer is made per piece.</summary>
        public abstract void CompressInto(byte[] data, int length, MemoryStream target);

        /// <summary>All members as one stream of text; disposing it disposes <paramref name="compressed"/>.</summary>
        public abstract Stream OpenRead(Stream compressed);

        /// <summary>The text of the last member (it must end the file), or null when none decodes.</summary>
        public abstract string? ReadLastMember(FileStream file, int maxTail);

        public byte[] Compress(byte[] data, int length)
        {
            using (var buffer = new MemoryStream(length / 3 + 64))
            {
                CompressInto(data, length, buffer);
                return buffer.ToArray();
            }
        }

        /// <summary>The codec of a compression; null for None.</summary>
        public static BackupCodec? For(BackupCompression compression) =>
            compression == BackupCompression.Gzip ? Gzip : compression == BackupCompression.Zstd ? Zstd : null;

        /// <summary>
        /// The codec of a backup file by its name (also encrypted, name.rbk.gz.gpg, and under its temporary name,
        /// name.rbk.gz.1a2b3c4d.rostrvm-partial); null for a plain .rbk.
        /// </summary>
        public static BackupCodec? ForPath(string path)
        {
            if (OpenPgpWriter.IsEncrypted(path)) path = OpenPgpWriter.PlainName(path);
            if (path.EndsWith(AtomicFile.TemporarySuffix, StringComparison.OrdinalIgnoreCase))
            {
                path = path.Substring(0, path.Length - AtomicFile.TemporarySuffix.Length);
                var dot = path.LastIndexOf('.');
                if (dot > 0) path = path.Substring(0, dot);
            }
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return Gzip;
            if (path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase)) return Zstd;
            return null;
        }
    }
}
