using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Reporting
{
    /// <summary>
    /// Export-RostrvmReport's page: one self-contained HTML file (inline CSS and SVG, no script, nothing
    /// fetched) with a table of servers and their verdicts, then per server the recoverable window,
    /// space over time from the nightly storage figures with the days-until-full projection, the last
    /// 30 nights of every job, and full backup size and duration over time.
    /// </summary>
    public static class MorningReport
    {
        public const int Nights = 30;
        private static readonly CultureInfo s_c = CultureInfo.InvariantCulture;

        private const string Css = @"
body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:1000px;padding:12px;color:#222}
h1{font-size:22px;margin:4px 0}h2{font-size:18px;margin:24px 0 4px;border-bottom:1px solid #ccc}h3{font-size:15px;margin:14px 0 4px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #e3e3e3;vertical-align:top}
.scroll{overflow-x:auto}.verdict{font-weight:bold;padding:1px 8px;border-radius:8px;color:#fff;white-space:nowrap}
.verdict-green{background:#2e7d32}.verdict-amber{background:#e69500}.verdict-red{background:#c62828}
svg.plot{width:100%;height:auto;display:block;max-width:760px}svg text{font:11px sans-serif;fill:#444}svg .legend{fill:#222}
svg .axis line{stroke:#999}svg .rule{stroke:#eee}svg .empty{fill:#888}svg .track{fill:#eee}svg .window-ok{fill:#2e7d32}" +
@"svg .window-lost{fill:#c62828}svg .now{stroke:#222;stroke-width:2}
svg .cell.none{fill:#eee}svg .cell.succeeded{fill:#43a047}svg .cell.failed{fill:#e53935}svg .cell.skipped{fill:#bdbdbd}
.small{color:#666;font-size:12px}ul.reasons{margin:4px 0 0 18px;padding:0}
@media (max-width:600px){body{padding:6px;font-size:13px}th,td{padding:3px 4px}.wide{display:none}}
@media print{body{max-width:none}section.server{page-break-inside:avoid}}
";

        public static string Build(IList<ReportServer> servers, DateTime now)
        {
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" " +
                "content=\"width=device-width, initial-scale=1\">");
            html.Append("<title>Rostrvm morning report ").Append(now.ToString("yyyy-MM-dd HH:mm", s_c)).Append("</title><style>")
                .Append(Css).Append("</style></head><body>\n");
            html.Append("<h1>Rostrvm morning report</h1><p class=\"small\">")
                .Append(E(now.ToString("yyyy-MM-dd HH:mm", s_c))).Append(" local time, ")
                .Append(servers.Count).Append(servers.Count == 1 ? " server" : " servers").Append("</p>\n");
            var verdicts = servers.Select(ServerVerdict.Judge).ToList();
            html.Append("<div class=\"scroll\"><table class=\"servers\"><thead><tr><th>Server</th><th>Verdict</th><th>Reason</th><th " +
                "class=\"wide\">Recoverable to</th><th class=\"wide\">RPO</th></tr></thead><tbody>\n");
            for (var i = 0; i < servers.Count; i++)
            {
                var s = servers[i];
                var r = s.Recoverability;
                html.Append($"<tr data-server=\"{E(s.Name)}\" data-verdict=\"{verdicts[i].Verdict}\"><td><a " +
                    $"href=\"#server-{i + 1}\">{E(s.Name)}</a></td>");
                html.Append($"<td>{Badge(verdicts[i].Verdict)}</td><td class=\"reason\">{E(verdicts[i].Reason)}</td>");
                html.Append($"<td class=\"wide\">{E(r == null ? "" : r.RecoverableToNow ? "now" : Time(r.RecoverableTo))}</td><td " +
                    $"class=\"wide\">{E(Age(r?.Rpo))}</td></tr>\n");
            }
            html.Append("</tbody></table></div>\n");
            for (var i = 0; i < servers.Count; i++) Section(html, servers[i], verdicts[i], i + 1, now);
            html.Append("</body></html>\n");
            return html.ToString();
        }

        /// <summary>Writes the page under a temporary name and renames it into place.</summary>
        public static void Write(string path, IList<ReportServer> servers, DateTime now)
        {
            var bytes = new UTF8Encoding(false).GetBytes(Build(servers, now));
            using (var file = AtomicFile.Create(path, ownerOnly: true))
            {
                file.Stream.Write(bytes, 0, bytes.Length);
                file.Flush();
                file.Commit();
            }
        }

        private static void Section(StringBuilder html, ReportServer server, ServerVerdict verdict, int number, DateTime now)
        {
            var r = server.Recoverability;
            html.Append($"<section class=\"server\" id=\"server-{number}\" data-server=\"{E(server.Name)}\"><h2>{E(server.Name)} " +
                $"{Badge(verdict.Verdict)}</h2>\n");
            if (verdict.Reasons.Count > 0)
                html.Append("<ul class=\"reasons\">").Append(string.Concat(verdict.Reasons.Select(x => "<li>" + E(x) + "</li>")))
                    .Append("</ul>\n");
            if (r != null)
            {
                html.Append("<h3>Recoverable window</h3><p class=\"small\">");
                html.Append(E(r.BackupName == null ? "No complete backup."
                    : $"From {Time(r.RecoverableFrom)} ({r.BackupName}) to {(r.RecoverableToNow ? "now" : Time(r.RecoverableTo))}; RPO " +
                    $"{Age(r.Rpo)}; estimated restore " +
                    $"{(r.EstimatedRestoreTime.HasValue ? Age(r.EstimatedRestoreTime) : "unknown (no passing backup test on record)")}."));
                html.Append("</p>").Append(SvgChart.Window("window", now.AddDays(-7), now, r.RecoverableFrom, r.RecoverableToNow ? now
                    : r.RecoverableTo)).Append('\n');
            }
            SpacePlot(html, server, now);
            NightGrid(html, server, now);
            BackupPlots(html, server, now);
            html.Append("</section>\n");
        }

        private static void SpacePlot(StringBuilder html, ReportServer server, DateTime now)
        {
            var samples = server.History.Where(e => e.Job == "StorageReport" && !e.Failed
                && HistoryFigures.Read(e.Figures, "UsedBytes").HasValue)
                .OrderBy(When).ToList();
            var used = new ChartSeries("Used", "#1565c0");
            var free = new ChartSeries("Free", "#43a047");
            foreach (var e in samples)
            {
                if (HistoryFigures.Read(e.Figures, "UsedBytes") is double u) used.Add(When(e), u);
                var f = HistoryFigures.Read(e.Figures, "VolumeFreeBytes");
                if (f.HasValue) free.Add(When(e), f.Value);
            }
            var series = new List<ChartSeries> { used };
            var to = now;
            var title = "Space used";
            if (server.Storage.Count > 0)
            {
                // Where today's total goes at today's growth: to full, or 30 days on, whichever is first.
                var total = server.Storage.Sum(s => (double)s.UsedBytes);
                var growth = server.Storage.Sum(s => (double)s.GrowthBytesPerDay);
                var daysToFull = server.Storage.Select(s => s.DaysUntilFull).OfType<double>()
                    .DefaultIfEmpty(double.NaN).Min();
                var days = double.IsNaN(daysToFull) ? 30 : Math.Min(30, Math.Max(1, daysToFull));
                to = now.AddDays(days);
                series.Add(new ChartSeries("Projection", "#8e24aa", dashed: true).Add(now, total).Add(to, total + growth * days));
                title += double.IsNaN(daysToFull) ? ": not growing" : daysToFull <= 365 ? $": volume full in {daysToFull:0} days"
                    : ": not full within a year";
            }
            var from = samples.Count > 0 ? When(samples[0]) : now.AddDays(-Nights);
            html.Append("<h3>").Append(E(title)).Append("</h3>").Append(SvgChart.Lines("space", title, series,
                from, to, Size)).Append('\n');
            html.Append("<h3>Free space</h3>").Append(SvgChart.Lines("free", "Free space", new[] { free }, from, now, Size)).Append('\n');
            ComponentPlot(html, samples, from, now);
            if (server.Storage.Count > 0)
            {
                html.Append("<div class=\"scroll\"><table class=\"storage\"><thead><tr><th>Component</th><th>Used</th><th>Per " +
                    "day</th><th class=\"wide\">Free</th><th class=\"wide\">Days left</th></tr></thead><tbody>");
                foreach (var s in server.Storage)
                    html.Append($"<tr><td>{E(s.Component)}</td><td>{Size(s.UsedBytes)}</td><td>{Size(s.GrowthBytesPerDay)}</td><td " +
                        $"class=\"wide\">{Size(s.VolumeFreeBytes)}</td><td " +
                        $"class=\"wide\">{(!s.DaysUntilFull.HasValue ? ""
                            : s.DaysUntilFull.Value > 3650 ? "&gt;10 years"
                            : s.DaysUntilFull.Value.ToString("0", s_c))}</td></tr>");
                html.Append("</tbody></table></div>\n");
            }
        }

        private static readonly string[] s_palette = { "#1565c0", "#43a047", "#8e24aa", "#ef6c00", "#00838f",
            "#c62828", "#6d4c41", "#546e7a" };

        /// <summary>Each storage component (database, binlogs, backups, extracts, logs, archives) over the nights it was sampled.</summary>
        private static void ComponentPlot(StringBuilder html, List<Maintenance.MaintenanceHistoryEntry> samples,
            DateTime from, DateTime now)
        {
            var components = samples.Select(e => e.Samples).OfType<Dictionary<string, double>>().SelectMany(d => d.Keys)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(c => c, StringComparer.Ordinal).ToList();
            if (components.Count == 0) return;
            var series = components.Select((c, i) =>
            {
                var s = new ChartSeries(c, s_palette[i % s_palette.Length]);
                foreach (var e in samples) if (e.Samples != null && e.Samples.TryGetValue(c, out var v)) s.Add(When(e), v);
                return s;
            }).ToList();
            html.Append("<h3>Space by component</h3>").Append(SvgChart.Lines("components", "Space by component", series, from,
                now, Size)).Append('\n');
        }

        private static void NightGrid(StringBuilder html, ReportServer server, DateTime now)
        {
            var nights = Enumerable.Range(0, Nights).Select(d => now.Date.AddDays(d - Nights + 1)).ToList();
            var recent = server.History.Where(e => e.RunFor.Date >= nights[0]).ToList();
            var jobs = recent.Select(e => e.Job ?? "").Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(j => j,
                StringComparer.OrdinalIgnoreCase).ToList();
            html.Append("<h3>Last ").Append(Nights).Append(" nights</h3>");
            if (jobs.Count == 0)
            {
                html.Append("<p class=\"small\">No maintenance history in the input.</p>\n");
                return;
            }
            html.Append("<div class=\"scroll\">").Append(SvgChart.Grid("nights", "Last nights by job", jobs, nights, (job, night) =>
            {
                var runs = recent.Where(e => string.Equals(e.Job, job, StringComparison.OrdinalIgnoreCase) && e.RunFor.Date == night)
                    .OrderByDescending(e => e.Start).ToList();
                if (runs.Count == 0) return new GridCell("None", "no run");
                var last = runs[0];
                return new GridCell(last.Outcome ?? "None", $"{last.Outcome} in {last.DurationSeconds.ToString("0.#", s_c)} s" + (
                    last.Failed ? ": " + (last.ErrorId ?? last.ErrorMessage) : ""));
            })).Append("</div>\n");
        }

        private static void BackupPlots(StringBuilder html, ReportServer server, DateTime now)
        {
            var backups = server.History.Where(e => (e.Job == "FullBackup" || e.Command == "Backup-RostrvmDatabase")
                && !e.Failed).OrderBy(When).ToList();
            var size = new ChartSeries("Size", "#1565c0");
            var duration = new ChartSeries("Duration", "#ef6c00");
            foreach (var e in backups)
            {
                var bytes = HistoryFigures.Read(e.Figures, "FileSize") ?? HistoryFigures.Read(e.Figures, "Bytes");
                if (bytes.HasValue) size.Add(When(e), bytes.Value);
                duration.Add(When(e), e.DurationSeconds);
            }
            var r = server.Recoverability;
            if (backups.Count == 0 && r?.BackupSnapshotTime != null)
            {
                // No backup job in the history: the newest backup alone still shows where things stand.
                if (r.BackupBytes.HasValue) size.Add(r.BackupSnapshotTime.Value, r.BackupBytes.Value);
                if (r.BackupDurationSeconds.HasValue) duration.Add(r.BackupSnapshotTime.Value, r.BackupDurationSeconds.Value);
            }
            var all = size.Points.Concat(duration.Points).Select(p => p.Key).ToList();
            var from = all.Count > 0 ? all.Min().AddDays(-1) : now.AddDays(-Nights);
            html.Append("<h3>Full backups</h3>");
            html.Append(SvgChart.Lines("backup-size", "Backup size", new[] { size }, from, now, Size));
            html.Append(SvgChart.Lines("backup-duration", "Backup duration", new[] { duration }, from, now,
                v => v.ToString("0.##", s_c) + " s")).Append('\n');
        }

        /// <summary>The night a run was for (its -Now), which is its start unless the night was replayed.</summary>
        private static DateTime When(Rostrvm.Core.Maintenance.MaintenanceHistoryEntry e) => e.RunFor == default ? e.Start : e.RunFor;

        private static string Badge(string verdict) => $"<span class=\"verdict verdict-{verdict.ToLowerInvariant()}\">{E(verdict)}</span>";

        private static string Time(DateTime? t) => t.HasValue ? t.Value.ToString("yyyy-MM-dd HH:mm:ss", s_c) : "";

        private static string Age(TimeSpan? span) => span.HasValue ? Quantities.Age(span.Value) : "";

        private static string Size(double bytes) => Quantities.Size(bytes);

        private static string E(string text) => WebUtility.HtmlEncode(text ?? string.Empty);
    }
}
