using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Rostrvm.Core.Mis
{
    /// <summary>
    /// Runs the days of a MIS export or purge side by side, each day on one connection of its
    /// own (the job's session plus a worker connection). One connection keeps one server core
    /// and the client busy in turns (query, then format, write or compare, then the next
    /// query); two overlap those turns, so a two-core server is kept busy. Days never share a
    /// folder, a CSV or a key range, so they do not depend on one another; each day still runs
    /// exactly as it would alone (its own transactions, its own checks).
    /// </summary>
    public sealed class MisDayLanes : IDisposable
    {
        /// <summary>Connections at most: beyond two the server's cores, not the round trips, are the limit.</summary>
        public const int MaxLanes = 2;

        private readonly List<MisSession> _workers;
        private readonly Stack<MisSession> _free;
        private readonly SemaphoreSlim _available;
        private readonly List<Task> _started = new List<Task>();

        private MisDayLanes(MisSession main, List<MisSession> workers)
        {
            _workers = workers;
            _free = new Stack<MisSession>(workers);
            _free.Push(main);
            _available = new SemaphoreSlim(_free.Count);
        }

        /// <summary>Lanes for <paramref name="days"/> days: one per day up to <see cref="MaxLanes"/>.</summary>
        public static async Task<MisDayLanes> OpenAsync(MisSession main, int days, CancellationToken cancellationToken)
        {
            var workers = new List<MisSession>();
            try
            {
                for (var i = 1; i < Math.Min(MaxLanes, days); i++)
                    workers.Add(await main.OpenWorkerAsync(cancellationToken).ConfigureAwait(false));
            }
            catch
            {
                foreach (var worker in workers) worker.Dispose();
                throw;
            }
            return new MisDayLanes(main, workers);
        }

        /// <summary>
        /// The order in which to start days that lock rows (the purge): two fronts, one from the
        /// first day and one from the middle, taken in turns, so the days running side by side
        /// are never neighbours. InnoDB's range scan over a day's keys also locks the first
        /// key after the range, the next day's first row: two neighbouring days would wait for
        /// each other's transactions batch after batch. One lane keeps the days in order.
        /// </summary>
        public IReadOnlyList<T> StartOrder<T>(IReadOnlyList<T> days)
        {
            if (Count == 1 || days.Count < 3) return days;
            var middle = (days.Count + 1) / 2;
            var order = new List<T>(days.Count);
            for (var i = 0; i < middle; i++)
            {
                order.Add(days[i]);
                if (middle + i < days.Count) order.Add(days[middle + i]);
            }
            return order;
        }

        /// <summary>How many days can run at once.</summary>
        public int Count => _workers.Count + 1;

        /// <summary>Starts <paramref name="work"/> on the next free connection (waiting for one), off the calling thread.</summary>
        public Task<T> Start<T>(Func<MisSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        {
            var task = Task.Run(() => RunAsync(work, cancellationToken));
            lock (_started) _started.Add(task);
            return task;
        }

        private async Task<T> RunAsync<T>(Func<MisSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            MisSession lane;
            lock (_free) lane = _free.Pop();
            try
            {
                return await work(lane, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                lock (_free) _free.Push(lane);
                _available.Release();
            }
        }

        /// <summary>Waits for every started day (their outcome is the caller's), then closes the worker connections.</summary>
        public void Dispose()
        {
            Task[] started;
            lock (_started) started = _started.ToArray();
            try { Task.WaitAll(started); } catch (AggregateException) { }
            foreach (var worker in _workers) worker.Dispose();
            _available.Dispose();
        }
    }
}
