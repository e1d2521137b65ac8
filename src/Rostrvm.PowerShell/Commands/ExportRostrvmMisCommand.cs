using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Jobs;
using Rostrvm.Core.Mis;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>One day's (default yesterday's) MIS rows to CSV under ExtractedMIS/&lt;yyyy-MM-dd&gt;/.</summary>
    [Cmdlet(VerbsData.Export, "RostrvmMis", DefaultParameterSetName = DateSet, SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(MisExportResult))]
    public sealed class ExportRostrvmMisCommand : MisCmdlet
    {
        protected override string LeftAsItWasWhenServerLost =>
            "Days already extracted are complete; the day being extracted has no manifest yet and is extracted again by the next run.";

        private const string DateSet = "Date";
        private const string RangeSet = "Range";

        /// <summary>The day(s) to extract; default yesterday in the server's time zone.</summary>
        [Parameter(ParameterSetName = DateSet, Position = 0)]
        public DateTime[]? Date { get; set; }

        /// <summary>First and last day (inclusive) of a range of days to extract.</summary>
        [Parameter(ParameterSetName = RangeSet, Mandatory = true)]
        [ValidateCount(2, 2)]
        public DateTime[]? Range { get; set; }

        /// <summary>Replace an existing extract even if it was changed, instead of merging into it.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Encrypt the CSVs (OpenPGP, &lt;table&gt;.csv.gpg) for this public key file or gpg key id; default EncryptionRecipient
        /// from the settings.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EncryptFor { get; set; }

        protected override void ProcessRecord()
        {
            var recipient = EncryptionRecipientFor(EncryptFor);
            var options = Connection;
            var path = string.IsNullOrEmpty(Path) ? null : GetUnresolvedProviderPathFromPSPath(Path);
            var mis = MisSessionOptions.From(Settings, Table, path);
            MisSession? session = null;
            MisDayLanes? lanes = null;
            var written = new List<MisExportResult>();
            try
            {
                session = Run(token => MisSession.OpenAsync(options, mis, Reporter, token));
                session.EncryptFor = recipient;
                var days = Days(session.Today);
                var opened = session;
                lanes = Run(token => MisDayLanes.OpenAsync(opened, days.Count, token));
                RunDays<DateTime, MisExportResult>(lanes, days, days, day => day,
                    day => ShouldProcess(MisDayFolder.PathOf(opened.ExtractRoot, day),
                        $"Extract the MIS rows of {MisDayFolder.Name(day)} to CSV")
                        ? (lane, token) => MisExporter.ExportDayAsync(lane, day, Force, token)
                        : (Func<MisSession, System.Threading.CancellationToken,
                            System.Threading.Tasks.Task<IReadOnlyList<MisExportResult>>>?)null,
                    (day, finished) => Reporter.Progress(new JobProgress("Exporting MIS days",
                        $"{MisDayFolder.Name(day)} ({finished} of {days.Count})", JobProgress.Percent(finished - 1, days.Count))),
                    r => { WriteObject(r); written.Add(r); }, session.ExtractRoot);
                // Each finished day folder (its CSVs and the manifest vouching for them) goes to the mirrors.
                PublishToMirrors(written.Select(r => System.IO.Path.GetDirectoryName(r.Path)).Distinct()
                    .SelectMany(System.IO.Directory.EnumerateFiles)
                    .Where(f => !f.EndsWith(Rostrvm.Core.IO.AtomicFile.TemporarySuffix, StringComparison.Ordinal))
                    .Select(Rostrvm.Core.Mirror.MirrorLayout.MisFile).ToList());
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

        private List<DateTime> Days(DateTime today)
        {
            var days = new List<DateTime>();
            if (Range != null)
            {
                var first = Range[0].Date;
                var last = Range[1].Date;
                if (last < first) { var swap = first; first = last; last = swap; }
                for (var day = first; day <= last; day = day.AddDays(1)) days.Add(day);
            }
            else if (Date != null && Date.Length > 0)
            {
                foreach (var day in Date) if (!days.Contains(day.Date)) days.Add(day.Date);
            }
            else
            {
                days.Add(today.AddDays(-1));
            }
            return days;
        }
    }
}
