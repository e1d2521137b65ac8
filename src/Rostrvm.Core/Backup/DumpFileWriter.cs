#nullable disable
using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// The single writer of a dump file: puts the definitions and the workers' pieces into the temporary file
    /// (plain, or as compressed members: <see cref="BackupCodec"/>), keeps the SHA-256 of the body as it goes, and at the end
    /// rewrites the header in place and proves, by reading the file back, that what is on disk
    /// is what was meant.
    /// </summary>
    internal sealed class DumpFileWriter
    {
        private readonly Stream _file;
        private readonly BackupCodec _codec;
        private readonly string _folder;
        private readonly int _preambleLength;
        // The body is checked on read-back with a CRC-32 (cheap); the SHA-256 that the completion
        // line records is computed once, over the final file as read back.
        private readonly System.IO.Hashing.Crc32 _bodyHash = new System.IO.Hashing.Crc32();
        private byte[] _finalPreamble;
        private MemoryStream _member;
        private byte[] _bodySha;

        public DumpFileWriter(Stream file, BackupCodec codec, byte[] preamble, string folder)
        {
            _file = file;
            _codec = codec;
            _folder = folder;
            _preambleLength = preamble.Length;
            WriteRaw(codec != null ? codec.Stored(preamble, preamble.Length) : preamble, codec != null ? -1 : preamble.Length);
            TotalTextBytes = preamble.Length;
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
        /// Writes the workers' pieces as they come (each is whole statements) until every worker
        /// is done, handing each piece back to its worker's pool once it is on disk.
        /// </summary>
        public void WritePieces(BlockingCollection<DumpPiece> pieces, IJobReporter reporter, string activity, CancellationToken token)
        {
            var progress = Stopwatch.StartNew();
            foreach (var piece in pieces.GetConsumingEnumerable(token))
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
                var permit = piece.LargeRowPermit;
                if (permit != null)
                {
                    // A row larger than a statement made this piece as large: drop it before the next such row is read.
                    piece.LargeRowPermit = null;
                    piece.Text = null;
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

        /// <summary>Ends the body: what the read-back must find.</summary>
        public void EndBody() => _bodySha = _bodyHash.GetHashAndReset();

        private void WriteText(byte[] text, int length, byte[] compressed, int compressedLength)
        {
            _bodyHash.Append(new ReadOnlySpan<byte>(text, 0, length));
            TotalTextBytes += length;
            if (compressed == null) WriteRaw(text, length);
            else WriteRaw(compressed, compressedLength);
        }

        private void WriteRaw(byte[] data, int length)
        {
            if (length < 0) length = data.Length;
            DatabaseBackup.Guard(() => _file.Write(data, 0, length), _folder);
        }

        /// <summary>Replaces the placeholder header with the final one of exactly the same size.</summary>
        public void RewriteHeader(byte[] finalPreamble)
        {
            if (finalPreamble.Length != _preambleLength) throw new InvalidOperationException("The final header must have the placeholder's length.");
            _finalPreamble = finalPreamble;
            var end = _file.Position;
            _file.Seek(0, SeekOrigin.Begin);
            WriteRaw(_codec != null ? _codec.Stored(finalPreamble, finalPreamble.Length) : finalPreamble, -1);
            _file.Seek(end, SeekOrigin.Begin);
            DatabaseBackup.Guard(() => _file.Flush(), _folder);
        }

        /// <summary>
        /// Reads the temporary file back (decompressing it when compressed): the header must be the
        /// final one and the body must hash to what was written. Returns the SHA-256 of everything,
        /// the value the completion line records. Reading (and decompression) with the CRC runs on one
        /// thread, the SHA-256 on this one, a few blocks apart: the tail of every backup is about
        /// as long as the slower of the two, not their sum.
        /// </summary>
        public string VerifyAgainst(string temporaryPath, CancellationToken token)
        {
            const int BlockSize = 1 << 20;
            using (var stream = BackupCatalog.OpenText(temporaryPath))
            using (var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(token))
            using (var full = new BlockingCollection<(byte[] Block, int Length)>())
            using (var empty = new BlockingCollection<byte[]>())
            {
                var head = new byte[_preambleLength];
                GzipMembers.ReadExactly(stream, head, head.Length);
                if (!ByteArrayEquals(head, _finalPreamble)) throw Mismatch(temporaryPath, "header");
                all.AppendData(head);
                for (var i = 0; i < 4; i++) empty.Add(new byte[BlockSize]);
                // A thread of its own: the pool's few threads may all be blocked here (this one, the fsync).
                var reading = Task.Factory.StartNew(() =>
                {
                    try
                    {
                        var body = new System.IO.Hashing.Crc32();
                        long remaining = TotalTextBytes - _preambleLength;
                        while (remaining > 0)
                        {
                            var block = empty.Take(stop.Token);
                            var n = stream.Read(block, 0, (int)Math.Min(block.Length, remaining));
                            if (n == 0) throw Mismatch(temporaryPath, "length");
                            body.Append(new ReadOnlySpan<byte>(block, 0, n));
                            full.Add((block, n));
                            remaining -= n;
                        }
                        if (stream.Read(new byte[1], 0, 1) != 0) throw Mismatch(temporaryPath, "length");
                        if (!ByteArrayEquals(body.GetHashAndReset(), _bodySha)) throw Mismatch(temporaryPath, "CRC-32 of the body");
                    }
                    finally { full.CompleteAdding(); }
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                try
                {
                    foreach (var (block, length) in full.GetConsumingEnumerable(stop.Token))
                    {
                        all.AppendData(block, 0, length);
                        empty.Add(block);
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested) { }
                finally
                {
                    // Never leave with the reader still using the stream and the blocks.
                    stop.Cancel();
                    try { reading.Wait(); } catch (AggregateException) { }
                }
                token.ThrowIfCancellationRequested();
                reading.GetAwaiter().GetResult();
                return BackupCatalog.ToHex(all.GetHashAndReset());
            }
        }

        public void WriteCompletion(string line)
        {
            var bytes = SqlText.Utf8.GetBytes(line);
            WriteRaw(_codec != null ? _codec.Compress(bytes, bytes.Length) : bytes, -1);
        }

        private static RostrvmException Mismatch(string path, string what) =>
            new RostrvmException("BackupVerificationFailed", FailureKind.WriteError,
                $"The backup read back from '{path}' differs from what was written ({what}). Nothing was replaced; check the disk and run the backup again.", path);

        private static bool ByteArrayEquals(byte[] a, byte[] b) => a != null && b != null && new ReadOnlySpan<byte>(a).SequenceEqual(b);
    }
}
