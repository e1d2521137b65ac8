using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Jobs;
using Rostrvm.Core.Mis;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// The 02:00 job: extracts yesterday, then deletes MIS rows older than the retention one day
    /// at a time in verified primary-key batches, never a row its day's CSV does not hold.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RostrvmMisPurge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MisPurgeResult))]
    public sealed class InvokeRostrvmMisPurgeCommand : MisCmdlet
    {
        protected override string LeftAsItWasWhenServerLost =>
            "Each batch is its own transaction: the batch being deleted is still in the database whole, and every row deleted before it " +
                "is in its day's verified CSV.";

        /// <summary>Delete rows dated before this day; default today minus MisRetentionMonths (1).</summary>
        [Parameter(Position = 0)]
        public DateTime? Before { get; set; }

        /// <summary>Delete rows older than this age (a number is days), counted back from the server's today.</summary>
        [Parameter]
        [DaysTransformation]
        public TimeSpan? OlderThan { get; set; }

        /// <summary>The run's clock the default cut-off (MisRetentionMonths, or -OlderThan) is counted back from; default the server's
        /// today.</summary>
        [Parameter]
        public DateTime Now { get; set; }

        /// <summary>Rows per delete transaction; default MisBatchSize (10000).</summary>
        [Parameter]
        [ValidateRange(1, 1000000)]
        public int BatchSize { get; set; }

        /// <summary>Do not extract yesterday first (the nightly Export-RostrvmMis already did).</summary>
        [Parameter]
        public SwitchParameter SkipExport { get; set; }

        protected override void ProcessRecord()
        {
            var options = Connection;
            var path = string.IsNullOrEmpty(Path) ? null : GetUnresolvedProviderPathFromPSPath(Path);
            var settings = Settings;
            var mis = MisSessionOptions.From(settings, Table, path);
            MisPurgeOptions purge;
            try
            {
                purge = MisPurgeOptions.From(settings, Before, OlderThan, this.ValueOrNull<int>(nameof(BatchSize)),
                    this.ValueOrNull<DateTime>(nameof(Now)));
            }
            catch (Core.Errors.RostrvmException ex) { ThrowFailure(ex, null); return; }
            var batchSize = purge.BatchSize;
            MisSession? session = null;
            MisDayLanes? lanes = null;
            var recipient = EncryptionRecipientFor(null);
            try
            {
                var whatIf = WhatIfRequested;
                session = Run(token => MisSession.OpenAsync(options, mis, Reporter, token, readOnly: whatIf));
                // The purge's own extracts follow the EncryptionRecipient setting like Export-RostrvmMis.
                if (!whatIf) session.EncryptFor = recipient;
                var yesterday = session.Today.AddDays(-1);
                if (!SkipExport
                    && ShouldProcess($"MIS rows of {MisDayFolder.Name(yesterday)} to {MisDayFolder.PathOf(session.ExtractRoot, yesterday)}",
                    "Extract"))
                {
                    try { Run(token => MisExporter.ExportDayAsync(session, yesterday, false, token)); }
                    catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is OperationCanceledException))
                    {
                        WriteFailure(ex, MisDayFolder.PathOf(session.ExtractRoot, yesterday));
                    }
                }

                var cutoff = purge.Cutoff(session.Today);
                WriteVerbose(
                    $"Purging MIS rows dated before {MisDayFolder.Name(cutoff)} (server today {MisDayFolder.Name(session.Today)}, " +
                    $"{session.TimeZone}), {batchSize} rows per batch.");
                var plan = Run(token => MisPurger.PlanAsync(session, cutoff, token));
                var byDay = plan.GroupBy(c => c.Date).OrderBy(g => g.Key).ToList();
                var total = plan.Sum(c => c.Rows);
                long done = 0;
                var opened = session;
                lanes = Run(token => MisDayLanes.OpenAsync(opened, whatIf ? 1 : byDay.Count, token));
                // Each day is asked for first; StartOrder never runs two neighbouring days at once.
                RunDays<IGrouping<DateTime, MisPurgeCandidate>, MisPurgeResult>(lanes, byDay, lanes.StartOrder(byDay), day => day.Key,
                    day =>
                    {
                        var what = string.Join(", ", day.Select(c =>
                            $"{c.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows of {c.Table}"));
                        if (!ShouldProcess($"MIS rows dated {MisDayFolder.Name(day.Key)}: {what}",
                            "Delete after verifying the day's extract")) return null;
                        return (lane, token) => MisPurger.PurgeDayAsync(lane, day.Key, batchSize, token);
                    },
                    (day, finished) => Reporter.Progress(new JobProgress("Purging MIS rows",
                        $"{MisDayFolder.Name(day)} ({finished} of {byDay.Count} days)", JobProgress.Percent(done, total))),
                    result =>
                    {
                        done += result.Deleted;
                        WriteObject(result);
                    },
                    session.ExtractRoot);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                ThrowFailure(ex, mis.ExtractRoot);
            }
            finally
            {
                lanes?.Dispose();
                session?.Dispose();
            }
        }
    }
}
