using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// SQL handed from a worker to the writer: whole INSERT statements (so pieces of different
    /// chunks may follow each other in any order), and their compressed member when compressing. A
    /// piece belongs to one worker's pool and goes back to it once written.
    /// </summary>
    internal sealed class DumpPiece
    {
        public DumpPiece(BlockingCollection<DumpPiece> owner) => Owner = owner;

        public byte[] Text = Array.Empty<byte>();
        public int Length;
        /// <summary>The compressed member of the text (when compressing), reused from piece to piece.</summary>
        public MemoryStream? Compressed;
        public BlockingCollection<DumpPiece> Owner { get; }
        public DataChunk? Chunk;
        /// <summary>
        /// The piece holds one row larger than a statement and the permit for it: once written,
        /// its buffers are dropped and the permit released (taken in ChunkDumper.TakeLargeRowPiece).
        /// </summary>
        public SemaphoreSlim? LargeRowPermit;
        /// <summary>
        /// The piece ends inside a row larger than a statement: the rest follows in this worker's
        /// sequel, which the writer takes next, up to the piece marked <see cref="EndsSequel"/>.
        /// </summary>
        public BlockingCollection<DumpPiece>? Sequel;
        public bool EndsSequel;
    }
}
