using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using MySqlConnector;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Runtime;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// One backup worker: turns the rows of the chunks it takes into INSERT statements below the
    /// statement size, straight into pieces of its own pool, and queues the pieces for the writer
    /// (<see cref="DumpFileWriter"/>). A worker waits only when all its pieces are queued, so
    /// memory stays at workers x pieces x statement size whatever the table sizes.
    /// </summary>
    internal sealed class ChunkDumper : ITupleSink
    {
        /// <summary>Pieces per worker: one being filled, one waiting for the writer, one being written.</summary>
        private const int PiecesPerWorker = 3;

        private readonly BlockingCollection<DumpPiece> _queue;
        private readonly BlockingCollection<DumpPiece> _free = new BlockingCollection<DumpPiece>();
        // The pieces of a row larger than a statement after its first: the writer takes them from here, in order.
        private readonly BlockingCollection<DumpPiece> _sequel = new BlockingCollection<DumpPiece>();
        private readonly int _statementBytes;
        private readonly BackupCodec? _codec;
        private readonly SemaphoreSlim _largeRowPermit;
        private readonly CancellationToken _token;
        private int _made;
        private DumpPiece? _piece;
        private DataChunk? _chunk;
        private bool _inSequel;
        // Past 16 MB the connector gives each row new arrays (about three times the row): collected
        // as they are left behind, they are not the backup's peak memory.
        private readonly HeapGrowthLimit _largeRowGarbage = new HeapGrowthLimit(16L << 20);

        /// <param name="codec">Compresses each piece here (several workers); null leaves that to the writer.</param>
        /// <param name="largeRowPermit">
        /// Held while a row larger than a statement is formatted whole (the connector's public-API path only).
        /// </param>
        public ChunkDumper(BlockingCollection<DumpPiece> queue, int statementBytes, BackupCodec? codec, SemaphoreSlim largeRowPermit,
            CancellationToken token)
        {
            _queue = queue;
            _statementBytes = statementBytes;
            _codec = codec;
            _largeRowPermit = largeRowPermit;
            _token = token;
        }

        /// <summary>Rows up to this size (two protocol packets) are read without the connector allocating for them.</summary>
        private const int LargeRowBytes = 32 << 20;

        /// <summary>Room for a full statement plus a row of up to a statement's size that ends up in the next one.</summary>
        private int PieceSize => 2 * _statementBytes + (64 << 10);

        /// <summary>The rows of one chunk as INSERT statements below the statement size, each piece whole statements.</summary>
        [System.Runtime.CompilerServices.MethodImpl(HotPathOptions.Hot)]
        public void Dump(DataChunk chunk, MySqlConnection connection)
        {
            var table = chunk.Table;
            long count = 0;
            ulong sum = 0;
            _chunk = chunk;
            if (table.Columns.Count > 0)
            {
                var prefix = SqlText.Utf8.GetBytes(table.InsertPrefix());
                var kinds = table.ValueKinds();
                var piece = _piece ??= Take();
                piece.Chunk = chunk;
                var statementStart = -1;
                var wireRows = ConnectorRowPayload.Available;
                // Rows near a statement or above: read in place, without the connector's array per row.
                if (wireRows && table.RowsAverageNear(_statementBytes)) ConnectorReadBuffer.TryReserveLargeRows(connection, LargeRowBytes);
                using (var command = new MySqlCommand(RowTupleReader.SelectStatement(table, chunk.Where, wireRows),
                    connection) { CommandTimeout = 0 })
                using (_token.Register(() => { try { command.Cancel(); } catch (Exception) { } }))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        _token.ThrowIfCancellationRequested();
                        var row = wireRows ? ConnectorRowPayload.Of(reader) : default;
                        var payload = wireRows ? row.Length : RowTupleReader.PayloadBytes(reader, kinds.Length);
                        if (RowTupleReader.MostBytes(payload, kinds.Length) > _statementBytes)
                        {
                            if (wireRows)
                            {
                                CloseStatement(ref statementStart);
                                sum = unchecked(sum + DumpLargeRow(row, kinds, prefix));
                                count++;
                                _largeRowGarbage.Check();
                                continue;
                            }
                            TakeLargeRowPiece(ref statementStart);
                        }
                        piece = _piece ??= Take();
                        if (piece.Text.Length - piece.Length < prefix.Length + 16) Array.Resize(ref piece.Text, piece.Text.Length * 2);
                        if (statementStart < 0)
                        {
                            statementStart = piece.Length;
                            Buffer.BlockCopy(prefix, 0, piece.Text, piece.Length, prefix.Length);
                            piece.Length += prefix.Length;
                        }
                        else piece.Text[piece.Length++] = (byte)',';
                        var tupleStart = piece.Length;
                        piece.Length = wireRows
                            ? RowTupleReader.FormatRow(row, kinds, ref piece.Text, tupleStart)
                            : RowTupleReader.Format(reader, kinds, ref piece.Text, tupleStart);
                        var tupleLength = piece.Length - tupleStart;
                        sum = unchecked(sum + TableDigest.HashRow(piece.Text, tupleStart, tupleLength));
                        count++;
                        var firstOfStatement = tupleStart == statementStart + prefix.Length;
                        if (firstOfStatement || piece.Length - statementStart + 2 <= _statementBytes) continue;
                        // The row does not fit this statement: it starts the next one, in the next piece.
                        var next = Take();
                        next.Chunk = chunk;
                        if (next.Text.Length < prefix.Length + tupleLength + 2) next.Text = new byte[prefix.Length + tupleLength + 64];
                        Buffer.BlockCopy(prefix, 0, next.Text, 0, prefix.Length);
                        Buffer.BlockCopy(piece.Text, tupleStart, next.Text, prefix.Length, tupleLength);
                        next.Length = prefix.Length + tupleLength;
                        piece.Text[tupleStart - 1] = (byte)';';
                        piece.Text[tupleStart] = (byte)'\n';
                        piece.Length = tupleStart + 1;
                        Ship();
                        _piece = next;
                        statementStart = 0;
                    }
                }
                CloseStatement(ref statementStart);
                // Small chunks share a piece; a piece past a quarter of its size goes now.
                if (_piece != null && _piece.Length >= PieceSize / 4) Ship();
            }
            chunk.Digest.Add(count, sum);
        }

        /// <summary>Ships what is left.</summary>
        public void Finish() => Ship();

        /// <summary>
        /// A row larger than a statement, as a statement of its own written in slices: its first
        /// piece goes to the writer's queue marked as continued, the others to this worker's sequel,
        /// which the writer empties before any other piece. Memory stays at this worker's pieces
        /// whatever the row's size. Returns the row's digest.
        /// </summary>
        private ulong DumpLargeRow(ReadOnlySpan<byte> row, DumpValueKind[] kinds, byte[] prefix)
        {
            var piece = _piece ??= Take();
            piece.Chunk = _chunk;
            if (piece.Text.Length - piece.Length < prefix.Length + 16) { Ship(); piece = _piece = Take(); piece.Chunk = _chunk; }
            Buffer.BlockCopy(prefix, 0, piece.Text, piece.Length, prefix.Length);
            var hash = SlicedTupleFormatter.Format(row, kinds, this, piece.Text, piece.Length + prefix.Length, _statementBytes / 2,
                out var end);
            // The formatter leaves room for more than the end of the statement.
            var last = _piece!;
            last.Text[end++] = (byte)';';
            last.Text[end++] = (byte)'\n';
            last.Length = end;
            if (_inSequel)
            {
                last.EndsSequel = true;
                Ship(_sequel);
                _inSequel = false;
            }
            return hash;
        }

        /// <summary>The sliced formatter's room: a full piece goes to the writer, and an empty one takes its place.</summary>
        void ITupleSink.Reserve(int bytes, ref byte[] buffer, ref int at)
        {
            var piece = _piece!;
            piece.Length = at;
            if (piece.Text.Length - at >= bytes) return;
            if (!_inSequel) piece.Sequel = _sequel;
            var sequel = _inSequel;
            _inSequel = true;
            Ship(sequel ? _sequel : _queue);
            piece = _piece = Take();
            piece.Chunk = _chunk;
            if (piece.Text.Length < bytes) piece.Text = new byte[bytes];
            buffer = piece.Text;
            at = 0;
        }

        /// <summary>
        /// Before a row that may not fit a statement, read through the connector's public API: it
        /// gets a statement and a piece of its own, once no other worker holds such a row (the
        /// writer releases the permit when the piece is on disk). Memory then stays near one such
        /// row, not pieces x workers of them.
        /// </summary>
        private void TakeLargeRowPiece(ref int statementStart)
        {
            CloseStatement(ref statementStart);
            Ship();
            _largeRowPermit.Wait(_token);
            var piece = _piece ??= Take(); // else the current piece is still empty
            piece.Chunk = _chunk;
            piece.LargeRowPermit = _largeRowPermit;
        }

        /// <summary>Ends the statement being filled, if one is.</summary>
        private void CloseStatement(ref int statementStart)
        {
            if (statementStart < 0) return;
            var piece = _piece!;
            if (piece.Text.Length - piece.Length < 2) Array.Resize(ref piece.Text, piece.Length + 2);
            piece.Text[piece.Length++] = (byte)';';
            piece.Text[piece.Length++] = (byte)'\n';
            statementStart = -1;
        }

        private DumpPiece Take()
        {
            if (!_free.TryTake(out var piece))
            {
                if (_made < PiecesPerWorker) { _made++; piece = new DumpPiece(_free); }
                else piece = _free.Take(_token);
            }
            // A piece that grew for a huge row is not kept at that size.
            if (piece.Text.Length != PieceSize) piece.Text = new byte[PieceSize];
            if (_codec != null && piece.Compressed == null) piece.Compressed = new MemoryStream(PieceSize / 4);
            return piece;
        }

        private void Ship() => Ship(_queue);

        private void Ship(BlockingCollection<DumpPiece> to)
        {
            if (_piece == null || _piece.Length == 0) return;
            _codec?.CompressInto(_piece.Text, _piece.Length, _piece.Compressed ??= new MemoryStream(PieceSize / 4));
            to.Add(_piece, _token);
            _piece = null;
        }
    }
}
