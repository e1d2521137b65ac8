using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// The single writer of a dump file: puts the header, the definitions and the workers' pieces
    /// into the temporary file (plain, or as compressed members: <see cref="BackupCodec"/>) and
    /// hashes the text as it goes: the SHA-256 that the completion line records (format 2: the
    /// header is final from the start, see docs/ARCHITECTURE.md), and a CRC-32 of the bytes as
    /// stored, which the read-back at the end compares to prove that what is on disk is what was written.
    /// </summary>
    internal sealed class DumpFileWriter : IDisposable
    {
        private readonly Stream _file;
        private readonly BackupCodec? _codec;
        private readonly string _folder;
        private readonly IncrementalHash _textSha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly System.IO.Hashing.Crc32 _storedCrc = new System.IO.Hashing.Crc32();
        private long _storedBytes;
        private MemoryStream? _member;
        private byte[]? _storedCrcAtEnd;

        public DumpFileWriter(Stream file, BackupCodec? codec, byte[] preamble, string folder)
        {
            _file = file;
            _codec = codec;
            _folder = folder;
            // Written as a member of its own: the catalog reads the header without inflating the body.
            WriteText(preamble, preamble.Length, codec != null ? codec.Stored(preamble, preamble.Length) : null, -1);
        }

        /// <summary>Uncompressed bytes written so far (header included).</summary>
        public long TotalTextBytes { get; private set; }

        /// <summary>Fixed text (definitions, footer).</summary>
        public void WriteText(string text)
        {
            if (string.IsNullOrEmpty(text)) return;
            var bytes = SqlText.Utf8.GetBytes(text);
            WriteText(bytes, bytes.Length, _codec?.Compress(bytes, bytes.Length), -1);
        }

        /// <summary>
        /// Writes the workers' pieces as they come (each is whole statements, or the start of a
        /// row larger than a statement whose rest the piece's sequel holds) until every worker
        /// is done, handing each piece back to its worker's pool once it is on disk.
        /// </summary>
        public void WritePieces(BlockingCollection<DumpPiece> pieces, IJobReporter reporter, string activity, CancellationToken token)
        {
            var progress = Stopwatch.StartNew();
            foreach (var piece in pieces.GetConsumingEnumerable(token))
            {
                var sequel = piece.Sequel;
                Write(piece, reporter, activity, progress);
                // The rest of that row, before any other worker's statements.
                while (sequel != null)
                {
                    var next = sequel.Take(token);
                    if (next.EndsSequel) sequel = null;
                    Write(next, reporter, activity, progress);
                }
            }
        }

        private void Write(DumpPiece piece, IJobReporter reporter, string activity, Stopwatch progress)
        {
            if (piece.Length > 0)
            {
                var member = piece.Compressed;
                if (_codec != null && member == null)
                {
                    // A lone worker leaves the compression to this thread, so that the two run side by side.
                    member = _member ?? (_member = new MemoryStream(piece.Length / 4));
                    _codec.CompressInto(piece.Text, piece.Length, member);
                }
                WriteText(piece.Text, piece.Length, member?.GetBuffer(), (int)(member?.Length ?? -1));
            }
            var table = piece.Chunk?.Table.Name;
            piece.Length = 0;
            piece.Sequel = null;
            piece.EndsSequel = false;
            var permit = piece.LargeRowPermit;
            if (permit != null)
            {
                // A row larger than a statement made this piece as large: drop it before the next such row is read.
                piece.LargeRowPermit = null;
                piece.Text = Array.Empty<byte>();
                piece.Compressed = null;
            }
            piece.Owner.Add(piece);
            if (permit != null)
            {
                // That row's arrays (ours and the connector's) are garbage on the large object heap now.
                GC.Collect();
                _heapAfterCollect = GC.GetTotalMemory(false);
                permit.Release();
            }
            KeepHeapSmall();
            if (progress.ElapsedMilliseconds > 500)
            {
                progress.Restart();
                reporter.Progress(new JobProgress(activity, $"{table}: {TotalTextBytes / (1 << 20)} MB of SQL written", -1, table));
            }
        }

        // The connector gives every row larger than its 16 KB read buffer a new array (BLOB tables:
        // one per row), so garbage builds up to the whole young-generation budget (tens of MB in
        // a big host such as pwsh) before the runtime collects it. Collecting the young
        // generation (cheap: nearly nothing in it survives) each time the heap has grown by a few
        // pieces keeps the peak working set near what the backup really holds.
        private const long HeapGrowthBeforeCollect = 16L << 20;
        private long _heapAfterCollect = GC.GetTotalMemory(false);

        private void KeepHeapSmall()
        {
            if (GC.GetTotalMemory(false) - _heapAfterCollect < HeapGrowthBeforeCollect) return;
            GC.Collect(0);
            // Rows above 85 KB are on the large object heap, which only a full collection frees:
            // cheap here (little is alive), and without it the arrays of big BLOB rows pile up.
            if (GC.GetTotalMemory(false) - _heapAfterCollect >= 2 * HeapGrowthBeforeCollect) GC.Collect();
            _heapAfterCollect = GC.GetTotalMemory(false);
        }

        /// <summary>Ends the text before the completion line: returns its SHA-256 (hex), and keeps what the read-back must find.</summary>
        public string EndBody()
        {
            _storedCrcAtEnd = _storedCrc.GetHashAndReset();
            return BackupCatalog.ToHex(_textSha.GetHashAndReset());
        }

        private void WriteText(byte[] text, int length, byte[]? compressed, int compressedLength)
        {
            // On the writer's thread, beside the workers: hashing here costs no time at the end of the backup.
            _textSha.AppendData(text, 0, length);
            TotalTextBytes += length;
            if (compressed == null) WriteRaw(text, length);
            else WriteRaw(compressed, compressedLength);
        }

        private void WriteRaw(byte[] data, int length)
        {
            if (length < 0) length = data.Length;
            _storedCrc.Append(new ReadOnlySpan<byte>(data, 0, length));
            _storedBytes += length;
            DatabaseBackup.Guard(() => _file.Write(data, 0, length), _folder);
        }

        /// <summary>
        /// Reads the temporary file back as stored (compressed or not): its bytes must have the
        /// CRC-32 and the length of those written. The SHA-256 was taken from the same bytes
        /// before they were compressed, so this proves the file on disk is the one it describes.
        /// </summary>
        public void VerifyAgainst(string temporaryPath, CancellationToken token)
        {
            using (var stream = new FileStream(temporaryPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1))
            {
                var crc = new System.IO.Hashing.Crc32();
                var block = new byte[1 << 20];
                var remaining = _storedBytes;
                while (remaining > 0)
                {
                    token.ThrowIfCancellationRequested();
                    var n = stream.Read(block, 0, (int)Math.Min(block.Length, remaining));
                    if (n == 0) throw Mismatch(temporaryPath, "length");
                    crc.Append(new ReadOnlySpan<byte>(block, 0, n));
                    remaining -= n;
                }
                if (stream.Read(block, 0, 1) != 0) throw Mismatch(temporaryPath, "length");
                if (!ByteArrayEquals(crc.GetHashAndReset(), _storedCrcAtEnd)) throw Mismatch(temporaryPath, "CRC-32");
            }
        }

        public void WriteCompletion(string line)
        {
            var bytes = SqlText.Utf8.GetBytes(line);
            WriteRaw(_codec != null ? _codec.Compress(bytes, bytes.Length) : bytes, -1);
        }

        public void Dispose() => _textSha.Dispose();

        private static RostrvmException Mismatch(string path, string what) =>
            new RostrvmException("BackupVerificationFailed", FailureKind.WriteError,
                $"The backup read back from '{path}' differs from what was written ({what}). Nothing was replaced; check the disk " +
                    "and run the backup again.", path);

        private static bool ByteArrayEquals(byte[]? a, byte[]? b) => a != null && b != null && new ReadOnlySpan<byte>(a).SequenceEqual(b);
    }
}
