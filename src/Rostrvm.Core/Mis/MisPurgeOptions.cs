using System;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Mis
{
    /// <summary>
    /// What Invoke-RostrvmMisPurge deletes: rows dated before a cut-off day, in batches. The cut-off
    /// is a day given, an age, or MisRetentionMonths, counted back from the run's clock or, without
    /// one, from the server's today (MIS days are the server's days).
    /// </summary>
    public sealed class MisPurgeOptions
    {
        private MisPurgeOptions(DateTime? before, TimeSpan? olderThan, int retentionMonths, DateTime? now, int batchSize)
        {
            Before = before;
            OlderThan = olderThan;
            RetentionMonths = retentionMonths;
            Now = now;
            BatchSize = batchSize;
        }

        /// <summary>The cut-off day given (-Before).</summary>
        public DateTime? Before { get; }

        /// <summary>The age given (-OlderThan).</summary>
        public TimeSpan? OlderThan { get; }

        /// <summary>MisRetentionMonths: the cut-off when neither a day nor an age is given.</summary>
        public int RetentionMonths { get; }

        /// <summary>The run's clock (-Now); null: the server's today.</summary>
        public DateTime? Now { get; }

        /// <summary>Rows per delete transaction (MisBatchSize unless given).</summary>
        public int BatchSize { get; }

        /// <summary>
        /// The settings' retention and batch size, overridden by what is given; a day and an age
        /// together are PurgeCutoffAmbiguous.
        /// </summary>
        public static MisPurgeOptions From(RostrvmSettings settings, DateTime? before = null, TimeSpan? olderThan = null,
            int? batchSize = null, DateTime? now = null)
        {
            if (before.HasValue && olderThan.HasValue)
                throw new RostrvmException("PurgeCutoffAmbiguous", FailureKind.InvalidArgument,
                    "Give the cut-off once: -Before (a day) or -OlderThan (an age), not both.");
            return new MisPurgeOptions(before, olderThan, Math.Max(0, settings.MisRetentionMonths), now,
                batchSize ?? settings.MisBatchSize);
        }

        /// <summary>The first day kept: rows dated before it are deleted.</summary>
        public DateTime Cutoff(DateTime serverToday)
        {
            if (Before.HasValue) return Before.Value.Date;
            var today = Now?.Date ?? serverToday.Date;
            return (OlderThan.HasValue ? today - OlderThan.Value : today.AddMonths(-RetentionMonths)).Date;
        }
    }
}
