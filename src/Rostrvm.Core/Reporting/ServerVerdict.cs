using System;
using System.Collections.Generic;
using System.Linq;
using Rostrvm.Core.Maintenance;

namespace Rostrvm.Core.Reporting
{
    /// <summary>
    /// The morning verdict of one server: the worst of its recoverability verdict, its jobs (a job
    /// whose last run failed is Amber, two failed runs in a row Red) and its storage (a warning is
    /// Amber, a volume full within a week Red), with every reason, worst first.
    /// </summary>
    public sealed class ServerVerdict
    {
        public const string Green = "Green", Amber = "Amber", Red = "Red";

        public string Verdict { get; private set; } = Green;
        public List<string> Reasons { get; } = new List<string>();
        private readonly List<KeyValuePair<int, string>> _ranked = new List<KeyValuePair<int, string>>();

        public string Reason => Reasons.Count > 0 ? Reasons[0] : "Recoverable to now; every job succeeded; space is fine.";

        public static ServerVerdict Judge(ReportServer server)
        {
            var verdict = new ServerVerdict();
            var r = server.Recoverability;
            if (r == null) verdict.Add(Amber, "No Test-RostrvmRecoverability result for this server in the input.");
            else if (r.Verdict == Red || r.Verdict == Amber) verdict.Add(r.Verdict, r.Reason);
            foreach (var job in server.History.GroupBy(e => (e.RunName ?? "") + "/" + (e.Job ?? ""), StringComparer.OrdinalIgnoreCase))
            {
                var runs = job.OrderByDescending(e => e.Start).ToList();
                if (!runs[0].Failed) continue;
                var name = runs[0].Job;
                if (runs.Count > 1 && runs[1].Failed)
                    verdict.Add(Red,
                        $"{name} failed its last two runs ({runs[0].Start:yyyy-MM-dd}: {runs[0].ErrorId ?? runs[0].ErrorMessage}).");
                else
                    verdict.Add(Amber, $"{name} failed on {runs[0].Start:yyyy-MM-dd}: {runs[0].ErrorId ?? runs[0].ErrorMessage}.");
            }
            foreach (var s in server.Storage)
            {
                if (s.DaysUntilFull.HasValue && s.DaysUntilFull.Value < 7) verdict.Add(Red,
                    $"{s.Volume} is full in {s.DaysUntilFull.Value:0} days ({s.Component}).");
                else if (s.Warning is { Length: > 0 } warning) verdict.Add(Amber, warning);
            }
            verdict.Reasons.AddRange(verdict._ranked.OrderByDescending(p => p.Key).Select(p => p.Value).Distinct());
            return verdict;
        }

        private void Add(string level, string reason)
        {
            var rank = Rank(level);
            _ranked.Add(new KeyValuePair<int, string>(rank, reason));
            if (rank > Rank(Verdict)) Verdict = level;
        }

        private static int Rank(string verdict) => verdict == Red ? 2 : verdict == Amber ? 1 : 0;
    }
}
