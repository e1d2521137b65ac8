using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace Rostrvm.Core.Reporting
{
    /// <summary>
    /// Inline SVG for the morning report: time plots, the night-by-job grid and the recoverable
    /// window. Each drawing is sized by its viewBox, so CSS scales it to any width; each series and
    /// cell carries data- attributes that say what it shows (the report's tests count them).
    /// </summary>
    public static class SvgChart
    {
        private const double Width = 640, Height = 220, Left = 64, Right = 12, Top = 28, Bottom = 28;
        private static readonly CultureInfo s_c = CultureInfo.InvariantCulture;

        /// <summary>A line plot of values over time; series without points are left out.</summary>
        public static string Lines(string plot, string title, IList<ChartSeries> series, DateTime from, DateTime to,
            Func<double, string> label)
        {
            var drawn = series.Where(s => s.Points.Count > 0).ToList();
            var svg = Open(plot, title, Width, Height);
            if (drawn.Count == 0)
            {
                svg.Append(Text(Width / 2, Height / 2, "no samples in the history", "middle", "empty"));
                return svg.Append("</svg>").ToString();
            }
            if (to <= from) to = from.AddDays(1);
            var max = drawn.SelectMany(s => s.Points).Max(p => p.Value);
            if (max <= 0) max = 1;
            max *= 1.1;
            double X(DateTime t) => Left + (Width - Left - Right) * (t - from).TotalSeconds / (to - from).TotalSeconds;
            double Y(double v) => Top + (Height - Top - Bottom) * (1 - v / max);
            // Axes: zero, half and top on the left; the first and last day below.
            svg.Append($"<g class=\"axis\"><line x1=\"{N(Left)}\" y1=\"{N(Y(0))}\" x2=\"{N(Width - Right)}\" y2=\"{N(Y(0))}\"/>");
            foreach (var v in new[] { 0, max / 2, max })
            {
                svg.Append($"<line class=\"rule\" x1=\"{N(Left)}\" y1=\"{N(Y(v))}\" x2=\"{N(Width - Right)}\" y2=\"{N(Y(v))}\"/>");
                svg.Append(Text(Left - 4, Y(v) + 4, label(v), "end", "tick"));
            }
            svg.Append(Text(Left, Height - 8, from.ToString("yyyy-MM-dd", s_c), "start", "tick"));
            svg.Append(Text(Width - Right, Height - 8, to.ToString("yyyy-MM-dd", s_c), "end", "tick"));
            svg.Append("</g>");
            var legendX = Left;
            foreach (var s in drawn)
            {
                svg.Append($"<g class=\"series\" data-series=\"{E(s.Name)}\" data-points=\"{s.Points.Count}\">");
                var points = string.Join(" ", s.Points.Select(p => N(X(p.Key)) + "," + N(Y(p.Value))));
                if (s.Points.Count > 1)
                    svg.Append($"<polyline fill=\"none\" stroke=\"{s.Color}\" " +
                        $"stroke-width=\"2\"{(s.Dashed ? " stroke-dasharray=\"6 4\"" : "")} points=\"{points}\"/>");
                foreach (var p in s.Points)
                    svg.Append($"<circle class=\"point\" cx=\"{N(X(p.Key))}\" cy=\"{N(Y(p.Value))}\" r=\"3\" " +
                        $"fill=\"{s.Color}\"><title>{E(s.Name)} {p.Key.ToString("yyyy-MM-dd HH:mm", s_c)}: " +
                        $"{E(label(p.Value))}</title></circle>");
                svg.Append("</g>");
                svg.Append($"<rect x=\"{N(legendX)}\" y=\"8\" width=\"10\" height=\"10\" fill=\"{s.Color}\"/>");
                svg.Append(Text(legendX + 14, 17, s.Name, "start", "legend"));
                legendX += 24 + 7 * s.Name.Length;
            }
            return svg.Append("</svg>").ToString();
        }

        /// <summary>One row per job, one column per night (oldest left); a cell's class is its outcome.</summary>
        public static string Grid(string plot, string title, IList<string> jobs, IList<DateTime> nights,
            Func<string, DateTime, GridCell> cell)
        {
            const double label = 150, size = 14, gap = 2;
            var width = label + nights.Count * (size + gap) + 8;
            var height = 24 + jobs.Count * (size + gap) + 8;
            var svg = Open(plot, title, width, height);
            svg.Insert(svg.Length - 1, $" data-jobs=\"{jobs.Count}\" data-nights=\"{nights.Count}\"");
            for (var n = 0; n < nights.Count; n++)
                if (n % 5 == 0 || n == nights.Count - 1)
                    svg.Append(Text(label + n * (size + gap) + size / 2, 16, nights[n].ToString("dd", s_c), "middle", "tick"));
            for (var j = 0; j < jobs.Count; j++)
            {
                var y = 24 + j * (size + gap);
                svg.Append(Text(label - 6, y + size - 3, jobs[j], "end", "job"));
                for (var n = 0; n < nights.Count; n++)
                {
                    var c = cell(jobs[j], nights[n]);
                    svg.Append($"<rect class=\"cell {c.Outcome.ToLowerInvariant()}\" data-outcome=\"{E(c.Outcome)}\" " +
                        $"x=\"{N(label + n * (size + gap))}\" y=\"{N(y)}\" width=\"{N(size)}\" height=\"{N(size)}\" " +
                        $"rx=\"2\"><title>{E(jobs[j])} {nights[n].ToString("yyyy-MM-dd", s_c)}: {E(c.Text)}</title></rect>");
                }
            }
            return svg.Append("</svg>").ToString();
        }

        /// <summary>The recoverable window as a bar against the last days up to now: restorable, then lost.</summary>
        public static string Window(string plot, DateTime from, DateTime now, DateTime? recoverableFrom, DateTime? recoverableTo)
        {
            const double height = 64, barTop = 20, barHeight = 18;
            var svg = Open(plot, "Recoverable window", Width, height);
            if (recoverableFrom.HasValue && recoverableFrom.Value < from) from = recoverableFrom.Value.AddHours(-6);
            double X(DateTime t) => Left + (Width - Left - Right) * Math.Max(0, Math.Min(1,
                (t - from).TotalSeconds / (now - from).TotalSeconds));
            svg.Append($"<rect class=\"track\" x=\"{N(Left)}\" y=\"{N(barTop)}\" width=\"{N(Width - Left - Right)}\" " +
                $"height=\"{N(barHeight)}\"/>");
            if (recoverableFrom.HasValue && recoverableTo.HasValue)
            {
                svg.Append($"<rect class=\"window-ok\" x=\"{N(X(recoverableFrom.Value))}\" y=\"{N(barTop)}\" " +
                    $"width=\"{N(Math.Max(1, X(recoverableTo.Value) - X(recoverableFrom.Value)))}\" " +
                    $"height=\"{N(barHeight)}\"><title>restorable {recoverableFrom.Value.ToString("yyyy-MM-dd HH:mm:ss", s_c)} to " +
                    $"{recoverableTo.Value.ToString("yyyy-MM-dd HH:mm:ss", s_c)}</title></rect>");
                if (recoverableTo.Value < now.AddMinutes(-1))
                    svg.Append($"<rect class=\"window-lost\" x=\"{N(X(recoverableTo.Value))}\" y=\"{N(barTop)}\" " +
                        $"width=\"{N(Math.Max(1, X(now) - X(recoverableTo.Value)))}\" height=\"{N(barHeight)}\"><title>lost after " +
                        $"{recoverableTo.Value.ToString("yyyy-MM-dd HH:mm:ss", s_c)}</title></rect>");
            }
            else svg.Append(Text(Width / 2, barTop + 13, "no complete backup: nothing is restorable", "middle", "empty"));
            svg.Append($"<line class=\"now\" x1=\"{N(X(now))}\" y1=\"{N(barTop - 6)}\" x2=\"{N(X(now))}\" " +
                $"y2=\"{N(barTop + barHeight + 6)}\"/>");
            svg.Append(Text(Left, height - 6, from.ToString("yyyy-MM-dd HH:mm", s_c), "start", "tick"));
            svg.Append(Text(Width - Right, height - 6, "now " + now.ToString("yyyy-MM-dd HH:mm", s_c), "end", "tick"));
            return svg.Append("</svg>").ToString();
        }

        private static StringBuilder Open(string plot, string title, double width, double height) =>
            new StringBuilder()
                .Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" role=\"img\" aria-label=\"{E(title)}\" viewBox=\"0 0 " +
                $"{N(width)} {N(height)}\" data-plot=\"{E(plot)}\">");

        private static string Text(double x, double y, string text, string anchor, string cssClass) =>
            $"<text class=\"{cssClass}\" x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\">{E(text)}</text>";

        private static string N(double value) => value.ToString("0.#", s_c);

        private static string E(string text) => WebUtility.HtmlEncode(text ?? string.Empty);
    }
}
