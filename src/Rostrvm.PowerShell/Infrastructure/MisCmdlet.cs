using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Rostrvm.Core.Mis;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>What the two MIS cmdlets share: which tables, which extract folder, and how days run.</summary>
    public abstract class MisCmdlet : RostrvmDatabaseCmdlet
    {
        /// <summary>Only these of the configured MIS tables.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.MisTableCompleter))]
        public string[]? Table { get; set; }

        /// <summary>The extract folder; default ExtractedMIS under the root (MisExtractPath setting).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>
        /// Runs the days side by side, one per lane, started in <paramref name="startOrder"/>
        /// (a permutation of <paramref name="days"/>), and writes each day's results, or its
        /// error, in day order. A day for which <paramref name="begin"/> returns null (declined
        /// by ShouldProcess) is skipped. <paramref name="waiting"/> reports progress with the
        /// day being waited for and how many have been waited for, that one included.
        /// </summary>
        protected void RunDays<TDay, TResult>(MisDayLanes lanes, IReadOnlyList<TDay> days, IReadOnlyList<TDay> startOrder,
            Func<TDay, DateTime> dateOf, Func<TDay, Func<MisSession, CancellationToken, Task<IReadOnlyList<TResult>>>?> begin,
            Action<DateTime, int> waiting, Action<TResult> write, string extractRoot)
        {
            var pending = new Queue<(DateTime Day, Task<IReadOnlyList<TResult>> Work)>();
            var outcomes = new Dictionary<DateTime, Action>();
            int started = 0, finished = 0, written = 0;
            while (started < startOrder.Count || pending.Count > 0)
            {
                while (started < startOrder.Count && pending.Count < lanes.Count)
                {
                    var day = startOrder[started++];
                    var work = begin(day);
                    if (work == null) outcomes[dateOf(day)] = () => { };
                    else pending.Enqueue((dateOf(day), lanes.Start(work, CancellationToken)));
                }
                if (pending.Count > 0)
                {
                    var next = pending.Dequeue();
                    waiting(next.Day, ++finished);
                    try
                    {
                        var results = Run(_ => next.Work);
                        outcomes[next.Day] = () => { foreach (var result in results) write(result); };
                    }
                    catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is OperationCanceledException))
                    {
                        outcomes[next.Day] = () => WriteFailure(ex, MisDayFolder.PathOf(extractRoot, next.Day));
                    }
                }
                while (written < days.Count && outcomes.TryGetValue(dateOf(days[written]), out var output))
                {
                    output();
                    outcomes.Remove(dateOf(days[written++]));
                }
            }
        }
    }
}
