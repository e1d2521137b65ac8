using System;
using System.Collections.Generic;

namespace Rostrvm.Core.Mis
{
    /// <summary>What became of one day of a MIS export or purge: its results, its failure, or declined (not run).</summary>
    public sealed class MisDayOutcome<TResult>
    {
        private static readonly IReadOnlyList<TResult> None = new TResult[0];

        private MisDayOutcome(DateTime day, IReadOnlyList<TResult> results, Exception? error, bool declined)
        {
            Day = day;
            Results = results;
            Error = error;
            Declined = declined;
        }

        public DateTime Day { get; }

        /// <summary>The day's results; empty when it failed or was declined.</summary>
        public IReadOnlyList<TResult> Results { get; }

        /// <summary>Why the day failed; null when it did not.</summary>
        public Exception? Error { get; }

        /// <summary>The day was not started (its confirmation was declined).</summary>
        public bool Declined { get; }

        public static MisDayOutcome<TResult> Done(DateTime day, IReadOnlyList<TResult> results) =>
            new MisDayOutcome<TResult>(day, results, null, false);

        public static MisDayOutcome<TResult> Failed(DateTime day, Exception error) => new MisDayOutcome<TResult>(day, None, error, false);

        public static MisDayOutcome<TResult> NotStarted(DateTime day) => new MisDayOutcome<TResult>(day, None, null, true);
    }
}
