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
        /// Runs the days through <see cref="MisDayScheduler"/> (side by side, one per lane, started
        /// in <paramref name="startOrder"/>) and writes each day's results, or its error, in day
        /// order. A day for which <paramref name="begin"/> returns null (declined by ShouldProcess)
        /// is skipped.
        /// </summary>
        protected void RunDays<TDay, TResult>(MisDayLanes lanes, IReadOnlyList<TDay> days, IReadOnlyList<TDay> startOrder,
            Func<TDay, DateTime> dateOf, Func<TDay, Func<MisSession, CancellationToken, Task<IReadOnlyList<TResult>>>?> begin,
            Action<DateTime, int> waiting, Action<TResult> write, string extractRoot)
        {
            MisDayScheduler.Run<TDay, TResult>(days, startOrder, lanes.Count, dateOf,
                day => begin(day) is Func<MisSession, CancellationToken, Task<IReadOnlyList<TResult>>> work
                    ? lanes.Start(work, CancellationToken)
                    : null,
                work => Run(_ => work), waiting,
                outcome =>
                {
                    if (outcome.Error != null) WriteFailure(outcome.Error, MisDayFolder.PathOf(extractRoot, outcome.Day));
                    foreach (var result in outcome.Results) write(result);
                });
        }
    }
}
