using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Rostrvm.Core.Mis
{
    /// <summary>
    /// Runs the days of a MIS export or purge side by side, at most one per lane (see
    /// <see cref="MisDayLanes"/>), started in the order given, and reports each day's outcome in
    /// day order, so the output reads as if the days had run one after another. A day that fails
    /// is reported in its place and the others go on; a cancelled wait stops the run.
    /// </summary>
    public static class MisDayScheduler
    {
        /// <summary>
        /// Runs <paramref name="days"/>. <paramref name="start"/> starts a day (on the caller's
        /// thread, which may ask for confirmation) and returns its work, or null to leave it out;
        /// <paramref name="wait"/> waits for a day's work on the caller's thread (a cmdlet pumps its
        /// messages there); <paramref name="waiting"/> is told the day waited for and how many have
        /// been waited for, that one included; <paramref name="report"/> gets each outcome, in day order.
        /// </summary>
        /// <param name="startOrder">A permutation of <paramref name="days"/> (<see cref="MisDayLanes.StartOrder{T}"/>).</param>
        public static void Run<TDay, TResult>(IReadOnlyList<TDay> days, IReadOnlyList<TDay> startOrder, int lanes,
            Func<TDay, DateTime> dateOf, Func<TDay, Task<IReadOnlyList<TResult>>?> start,
            Func<Task<IReadOnlyList<TResult>>, IReadOnlyList<TResult>> wait, Action<DateTime, int>? waiting,
            Action<MisDayOutcome<TResult>> report)
        {
            if (lanes < 1) throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "At least one lane.");
            var pending = new Queue<(DateTime Day, Task<IReadOnlyList<TResult>> Work)>();
            var outcomes = new Dictionary<DateTime, MisDayOutcome<TResult>>();
            int started = 0, finished = 0, reported = 0;
            while (started < startOrder.Count || pending.Count > 0)
            {
                while (started < startOrder.Count && pending.Count < lanes)
                {
                    var day = startOrder[started++];
                    var date = dateOf(day);
                    var work = start(day);
                    if (work == null) outcomes[date] = MisDayOutcome<TResult>.NotStarted(date);
                    else pending.Enqueue((date, work));
                }
                if (pending.Count > 0)
                {
                    var next = pending.Dequeue();
                    waiting?.Invoke(next.Day, ++finished);
                    try { outcomes[next.Day] = MisDayOutcome<TResult>.Done(next.Day, wait(next.Work)); }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        outcomes[next.Day] = MisDayOutcome<TResult>.Failed(next.Day, ex);
                    }
                }
                while (reported < days.Count && outcomes.TryGetValue(dateOf(days[reported]), out var outcome))
                {
                    outcomes.Remove(outcome.Day);
                    reported++;
                    report(outcome);
                }
            }
        }
    }
}
