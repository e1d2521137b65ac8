using System;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// Reads recording bodies ahead, in the order the rows are given, on a thread and a connection
    /// of its own, so that the server sends the next body while the archive writes the current
    /// one (otherwise each waits for the other). Memory stays flat: what is read ahead lives in a
    /// fixed set of buffers, and reading stops while all of them wait to be written. Reading is
    /// all it does; nothing changes in the database or on disk.
    /// </summary>
    internal sealed class BodyPrefetcher : IDisposable
    {
        private readonly MySqlConnection _connection;
        private readonly RecordingTable _table;
        private readonly BlockingCollection<RecordingRow> _rows = new BlockingCollection<RecordingRow>();
        private readonly BlockingCollection<PrefetchedBody> _bodies = new BlockingCollection<PrefetchedBody>();
        private readonly BlockingCollection<byte[]> _free = new BlockingCollection<byte[]>();
        private readonly CancellationTokenSource _stop;
        private readonly Task _reader;
        private const int ChunkRowOverhead = 64 << 10;

        public BodyPrefetcher(MySqlConnection connection, RecordingTable table, int bufferCount, int bufferSize, CancellationToken token)
        {
            _connection = connection;
            _table = table;
            // A body chunk is one row of up to ChunkSize bytes: read in the connection's own buffer, not into a new
            // array per chunk (megabytes of garbage on the large object heap per recording).
            Connection.ConnectorReadBuffer.TryEnlarge(connection, table.ChunkSize + ChunkRowOverhead);
            for (var i = 0; i < bufferCount; i++) _free.Add(new byte[bufferSize]);
            _stop = CancellationTokenSource.CreateLinkedTokenSource(token);
            _reader = Task.Factory.StartNew(ReadAll, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>Queues rows whose bodies are to be read, in the order they will be asked for.</summary>
        public void Enqueue(RecordingRow row) => _rows.Add(row);

        /// <summary>The body of the next queued row; waits until its length (or its absence) is known.</summary>
        public PrefetchedBody Next(RecordingRow row)
        {
            PrefetchedBody? body;
            try { body = _bodies.Take(_stop.Token); }
            catch (InvalidOperationException) when (!(_stop.IsCancellationRequested)) { body = null; }
            if (body == null || body.Row != row) throw new InvalidOperationException("The body read ahead is not the one of the " +
                "recording asked for.");
            body.WaitForHead(_stop.Token);
            return body;
        }

        private void ReadAll()
        {
            var token = _stop.Token;
            try
            {
                foreach (var row in _rows.GetConsumingEnumerable(token))
                {
                    var body = new PrefetchedBody(row, _free);
                    _bodies.Add(body);
                    try
                    {
                        using (var stream = _table.OpenBody(_connection, row.Id))
                        {
                            if (stream == null) { body.SetGone(); continue; }
                            body.Found(stream.Length);
                            while (true)
                            {
                                var buffer = _free.Take(token);
                                var filled = 0;
                                int read;
                                while (filled < buffer.Length
                                    && (read = stream.Read(buffer, filled, buffer.Length - filled)) > 0) filled += read;
                                if (filled == 0) { _free.Add(buffer); break; }
                                body.Add(buffer, filled);
                            }
                            body.Complete();
                        }
                    }
                    catch (Exception ex)
                    {
                        body.Fail(ex);
                        return;
                    }
                }
            }
            catch (OperationCanceledException) { }
            finally
            {
                _bodies.CompleteAdding();
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _rows.CompleteAdding();
            // The connection must be idle before its owner closes it.
            try { _reader.Wait(); } catch (AggregateException) { }
            _stop.Dispose();
        }
    }
}
