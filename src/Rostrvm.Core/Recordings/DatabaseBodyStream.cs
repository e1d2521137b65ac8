using System;
using System.Data;
using System.IO;
using MySqlConnector;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// A recording body read from the database as a stream, in chunks of at most
    /// <see cref="ChunkSize"/> bytes. MySqlConnector holds a whole row in memory even with
    /// CommandBehavior.SequentialAccess, so a 500 MB recording read in one SELECT would take
    /// 500 MB; reading <c>SUBSTRING(body, pos, chunk)</c> keeps memory flat whatever the size.
    /// Each chunk makes the server read the whole blob again, so chunks should be large
    /// (see <see cref="RecordingTable.ChunkSize"/>).
    /// </summary>
    public sealed class DatabaseBodyStream : Stream
    {
        public const int DefaultChunkSize = 8 * 1024 * 1024;

        private readonly MySqlConnection _connection;
        private readonly string _sql;
        private readonly string _firstSql;
        private readonly object _id;
        private long _length;
        // The chunk being read and what reads it; null between chunks.
        private MySqlDataReader? _reader;
        private MySqlCommand? _command;
        private Stream? _chunk;
        private long _position;
        private long _chunkEnd;

        /// <summary>
        /// Opens the body and reads its first chunk together with its length, so the server reads
        /// the blob once for bodies up to one chunk. Null when the row or its body is gone.
        /// </summary>
        public static DatabaseBodyStream? Open(MySqlConnection connection, string quotedTable, string quotedBody, string quotedId,
            object id, int chunkSize = DefaultChunkSize)
        {
            var stream = new DatabaseBodyStream(connection, quotedTable, quotedBody, quotedId, id, chunkSize);
            if (stream.OpenFirstChunk()) return stream;
            stream.Dispose();
            return null;
        }

        private DatabaseBodyStream(MySqlConnection connection, string quotedTable, string quotedBody, string quotedId, object id,
            int chunkSize)
        {
            _connection = connection;
            _id = id;
            ChunkSize = chunkSize;
            _sql = $"SELECT SUBSTRING({quotedBody}, @pos, @len) FROM {quotedTable} WHERE {quotedId} = @id";
            _firstSql = $"SELECT LENGTH({quotedBody}), SUBSTRING({quotedBody}, 1, @len) FROM {quotedTable} WHERE {quotedId} = @id";
        }

        private bool OpenFirstChunk()
        {
            _command = new MySqlCommand(_firstSql, _connection);
            _command.Parameters.AddWithValue("@len", ChunkSize);
            _command.Parameters.AddWithValue("@id", _id);
            _reader = _command.ExecuteReader(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow);
            if (!_reader.Read() || _reader.IsDBNull(0)) return false;
            _length = _reader.GetInt64(0);
            _chunk = _reader.GetStream(1);
            _chunkEnd = Math.Min(_length, ChunkSize);
            return true;
        }

        public int ChunkSize { get; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (true)
            {
                if (_chunk != null)
                {
                    var read = _chunk.Read(buffer, offset, count);
                    if (read > 0) { _position += read; return read; }
                    CloseChunk();
                    if (_position < _chunkEnd)
                        throw new InvalidDataException($"The body of recording {_id} ended at byte {_position}, before the {_length} " +
                            $"bytes it had when archiving started; it changed meanwhile.");
                }
                if (_position >= _length) return 0;
                OpenChunk();
            }
        }

        private void OpenChunk()
        {
            var size = (int)Math.Min(ChunkSize, _length - _position);
            _command = new MySqlCommand(_sql, _connection);
            _command.Parameters.AddWithValue("@pos", _position + 1);
            _command.Parameters.AddWithValue("@len", size);
            _command.Parameters.AddWithValue("@id", _id);
            _reader = _command.ExecuteReader(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow);
            if (!_reader.Read() || _reader.IsDBNull(0))
                throw new InvalidDataException($"The body of recording {_id} is gone from the database; it was removed while being " +
                    $"archived.");
            _chunk = _reader.GetStream(0);
            _chunkEnd = _position + size;
        }

        private void CloseChunk()
        {
            _chunk?.Dispose(); _chunk = null;
            _reader?.Dispose(); _reader = null;
            _command?.Dispose(); _command = null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) CloseChunk();
            base.Dispose(disposing);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
