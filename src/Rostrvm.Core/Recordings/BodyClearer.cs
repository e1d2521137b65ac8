using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading;
using MySqlConnector;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// Clears the bodies of one archive's recordings inside one transaction, on a connection and a
    /// thread of its own, each row as soon as its entry is written; the transaction commits only
    /// after the archive is written, flushed, read back and renamed into place (<see cref="Commit"/>).
    /// Until then no other session sees a change, and a kill, a crash or a failure rolls it back:
    /// every body is still in the database, as if nothing had been cleared.
    /// Why not clear them all at the end: InnoDB reads the whole row, blob included, for every row
    /// an UPDATE touches (exclusive locks fetch every column). Just after the prefetcher read a body
    /// its pages are in the buffer pool; at the end of a large archive they are long gone, and the
    /// UPDATE read every body again from disk, one page at a time, about 3 s per GB.
    /// </summary>
    internal sealed class BodyClearer : IDisposable
    {
        private const int IdsPerStatement = 1000;

        private readonly MySqlConnection _connection;
        private readonly RecordingTable _table;
        private readonly BlockingCollection<Action> _work = new BlockingCollection<Action>();
        private readonly Thread _thread;
        private readonly List<long> _cleared = new List<long>();
        // The open transaction and its statement: null until the first row, and again after Commit or Rollback.
        private OpenTransaction? _open;
        private ExceptionDispatchInfo? _error;

        public BodyClearer(MySqlConnection connection, RecordingTable table)
        {
            _connection = connection;
            _table = table;
            _thread = new Thread(Work) { IsBackground = true, Name = "Rostrvm body clearer" };
            _thread.Start();
        }

        /// <summary>Queues the clearing of a row whose entry is written: body NULL, entry recorded; the archive file comes with <see
        /// cref="Commit"/>.</summary>
        public void Clear(long id, string entry) => _work.Add(() =>
        {
            if (_error != null) return;
            try
            {
                var open = _open ??= new OpenTransaction(_connection, _table);
                open.Entry.Value = entry;
                open.Id.Value = id;
                if (open.Clear.ExecuteNonQuery() > 0) _cleared.Add(id);
                FaultInjection.Point("row-updated");
            }
            catch (Exception ex)
            {
                _error = ExceptionDispatchInfo.Capture(ex);
            }
        });

        /// <summary>Waits until every queued row is done; false (and the reason) when one failed.</summary>
        public bool Flush(out string? problem)
        {
            Run(() => { });
            problem = _error?.SourceException.Message;
            return _error == null;
        }

        /// <summary>
        /// Records the archive file in every cleared row and commits; returns how many rows now
        /// point at the archive. Call only once the archive is in place.
        /// </summary>
        public int Commit(string archiveFile) => Run(() =>
        {
            _error?.Throw();
            var count = _cleared.Count;
            var open = _open;
            if (open == null) return 0;
            for (var start = 0; start < _cleared.Count; start += IdsPerStatement)
            {
                var ids = new StringBuilder();
                for (var i = start; i < Math.Min(_cleared.Count, start + IdsPerStatement); i++)
                {
                    if (ids.Length > 0) ids.Append(',');
                    ids.Append(_cleared[i].ToString(CultureInfo.InvariantCulture));
                }
                using (var command = new MySqlCommand($"UPDATE {_table.Table} SET {_table.ArchiveFile} = @file WHERE {_table.Id} IN " +
                    $"({ids})", _connection, open.Transaction))
                {
                    command.Parameters.AddWithValue("@file", archiveFile);
                    command.ExecuteNonQuery();
                }
            }
            open.Transaction.Commit();
            Reset();
            return count;
        });

        /// <summary>Undoes everything queued so far; the bodies stay in the database.</summary>
        public void Rollback() => Run(() =>
        {
            try { _open?.Transaction.Rollback(); }
            catch (Exception ex) when (ex is MySqlException || ex is InvalidOperationException || ex is System.IO.IOException) { }
            Reset();
        });

        private void Reset()
        {
            // On a broken connection disposing tries a rollback again; that must not hide why it broke.
            try { _open?.Clear.Dispose(); _open?.Transaction.Dispose(); }
            catch (Exception ex) when (ex is MySqlException || ex is InvalidOperationException || ex is System.IO.IOException) { }
            _open = null;
            _cleared.Clear();
            _error = null;
        }

        private T Run<T>(Func<T> action)
        {
            T result = default!; // set by the action unless it failed, and then it is not returned
            ExceptionDispatchInfo? failure = null;
            using (var done = new ManualResetEventSlim())
            {
                _work.Add(() =>
                {
                    try { result = action(); }
                    catch (Exception ex) { failure = ExceptionDispatchInfo.Capture(ex); }
                    finally { done.Set(); }
                });
                done.Wait();
            }
            failure?.Throw();
            return result;
        }

        private void Run(Action action) => Run(() => { action(); return true; });

        private void Work()
        {
            foreach (var action in _work.GetConsumingEnumerable()) action();
        }

        public void Dispose()
        {
            if (_work.IsAddingCompleted) return;
            // The connection must be idle, the transaction rolled back, before its owner closes it.
            Rollback();
            _work.CompleteAdding();
            _thread.Join();
        }

        /// <summary>The transaction of one archive's rows and the statement that clears each of them.</summary>
        private sealed class OpenTransaction
        {
            public OpenTransaction(MySqlConnection connection, RecordingTable table)
            {
                Transaction = connection.BeginTransaction();
                Clear = new MySqlCommand(
                    $"UPDATE {table.Table} SET {table.Body} = NULL, {table.ArchiveEntry} = @entry WHERE {table.Id} = @id " +
                        $"AND {table.ArchiveFile} IS NULL",
                    connection, Transaction);
                Entry = Clear.Parameters.Add("@entry", MySqlDbType.VarChar);
                Id = Clear.Parameters.Add("@id", MySqlDbType.Int64);
            }

            public MySqlTransaction Transaction { get; }
            public MySqlCommand Clear { get; }
            public MySqlParameter Entry { get; }
            public MySqlParameter Id { get; }
        }
    }
}
