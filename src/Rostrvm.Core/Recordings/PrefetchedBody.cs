using System;
using System.Collections.Concurrent;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Rostrvm.Core.Recordings
{
    /// <summary>One body read ahead: its length, then its bytes as a stream over the shared buffers.</summary>
    internal sealed class PrefetchedBody : Stream
    {
        private readonly BlockingCollection<ArraySegment<byte>> _chunks = new BlockingCollection<ArraySegment<byte>>();
        private readonly BlockingCollection<byte[]> _free;
        private readonly ManualResetEventSlim _head = new ManualResetEventSlim();
        private ExceptionDispatchInfo? _error;
        private ArraySegment<byte> _current;
        private int _offset;
        private long _length;
        private long _position;

        internal PrefetchedBody(RecordingRow row, BlockingCollection<byte[]> free)
        {
            Row = row;
            _free = free;
        }

        public RecordingRow Row { get; }
        /// <summary>False when the row or its body was not in the database.</summary>
        public bool Exists { get; private set; }

        internal void Found(long length) { _length = length; Exists = true; _head.Set(); }
        internal void SetGone() { _chunks.CompleteAdding(); _head.Set(); }
        internal void Add(byte[] buffer, int count) => _chunks.Add(new ArraySegment<byte>(buffer, 0, count));
        internal void Complete() => _chunks.CompleteAdding();

        internal void Fail(Exception error)
        {
            _error = ExceptionDispatchInfo.Capture(error);
            _chunks.CompleteAdding();
            _head.Set();
        }

        internal void WaitForHead(CancellationToken token)
        {
            _head.Wait(token);
            if (!Exists) _error?.Throw();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_current.Array == null || _offset >= _current.Count)
            {
                Release();
                if (!_chunks.TryTake(out _current, Timeout.Infinite))
                {
                    _error?.Throw();
                    return 0;
                }
                _offset = 0;
            }
            var n = Math.Min(count, _current.Count - _offset);
            Buffer.BlockCopy(_current.Array, _current.Offset + _offset, buffer, offset, n);
            _offset += n;
            _position += n;
            return n;
        }

        private void Release()
        {
            if (_current.Array != null) _free.Add(_current.Array);
            _current = default(ArraySegment<byte>);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // Buffers not written (a failed entry) go back to the pool.
                Release();
                if (_chunks.IsAddingCompleted) while (_chunks.TryTake(out var rest)) _free.Add(rest.Array);
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
