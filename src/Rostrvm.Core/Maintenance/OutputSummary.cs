using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>
    /// Turns what a job wrote into one line of figures for the history: per output type, how many
    /// objects, the sum of each additive numeric property (rows, bytes, files), the range
    /// (<c>min..max</c>) of each that cannot be added (percentages, ratios, days, a volume's
    /// figures that every component repeats, positions and ids), and the path of a single object;
    /// plus every non-empty Warning property, which the history keeps as a warning.
    /// </summary>
    public static class OutputSummary
    {
        private const int MaxNumbersPerType = 8;
        private const int MaxLength = 1000;
        private static readonly string[] s_pathNames = { "Path", "FullName", "File", "Archive", "Destination" };
        private static readonly string[] s_notAdditive = { "Percent", "Ratio", "Days", "Hours", "Volume", "Position", "Slot", "Sequence",
            "Port", "Seconds" };

        /// <summary>
        /// The used space of each named part of an output (items with Component and UsedBytes, as a
        /// storage report writes them), so the morning report can draw each part over the nights;
        /// null when no item names a part.
        /// </summary>
        public static Dictionary<string, double>? Samples(IEnumerable<OutputItem> items)
        {
            Dictionary<string, double>? samples = null;
            foreach (var item in items)
            {
                var component = item.Properties.FirstOrDefault(p => p.Key == "Component").Value as string;
                var used = item.Properties.FirstOrDefault(p => p.Key == "UsedBytes").Value;
                if (!(component is { Length: > 0 }) || !IsNumber(used)) continue;
                samples = samples ?? new Dictionary<string, double>(StringComparer.Ordinal);
                samples.TryGetValue(component, out var sum);
                samples[component] = sum + Convert.ToDouble(used, CultureInfo.InvariantCulture);
            }
            return samples;
        }

        public static string Summarise(IEnumerable<OutputItem> items, ICollection<string>? warnings = null)
        {
            var parts = new List<string>();
            foreach (var group in items.GroupBy(i => ShortName(i.TypeName)))
            {
                var list = group.ToList();
                var figures = new List<Figure>();
                foreach (var item in list)
                {
                    foreach (var property in item.Properties)
                    {
                        if (property.Key == "Warning" && property.Value is string w && w.Length > 0) warnings?.Add(w);
                        if (!IsNumber(property.Value)) continue;
                        var value = Convert.ToDouble(property.Value, CultureInfo.InvariantCulture);
                        var figure = figures.Find(f => f.Name == property.Key);
                        if (figure == null) figures.Add(new Figure(property.Key, value));
                        else figure.Add(value);
                    }
                }
                var text = new StringBuilder();
                text.Append(list.Count.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(group.Key);
                var texts = figures.Take(MaxNumbersPerType).Select(f => f.ToString()).ToList();
                if (list.Count == 1)
                {
                    var path = list[0].Properties.FirstOrDefault(p => s_pathNames.Contains(p.Key) && p.Value is string s && s.Length > 0);
                    if (path.Key != null) texts.Add(path.Key + "=" + path.Value);
                }
                if (texts.Count > 0) text.Append(": ").Append(string.Join(", ", texts));
                parts.Add(text.ToString());
            }
            var summary = parts.Count == 0 ? "no output" : string.Join("; ", parts);
            return summary.Length <= MaxLength ? summary : summary.Substring(0, MaxLength - 3) + "...";
        }

        /// <summary>One numeric property over a job's objects: their sum, or their range when sums mean nothing.</summary>
        private sealed class Figure
        {
            private readonly bool _additive;
            private double _sum, _min, _max;

            public Figure(string name, double value)
            {
                Name = name;
                _additive = !s_notAdditive.Any(word => name.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                    && !name.EndsWith("Id", StringComparison.Ordinal);
                _sum = _min = _max = value;
            }

            public string Name { get; }

            public void Add(double value)
            {
                _sum += value;
                _min = Math.Min(_min, value);
                _max = Math.Max(_max, value);
            }

            public override string ToString()
            {
                if (_additive) return Name + "=" + Number(_sum);
                return Name + "=" + (_min == _max ? Number(_min) : Number(_min) + ".." + Number(_max));
            }

            private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
        }

        private static string ShortName(string typeName)
        {
            var name = typeName ?? "Object";
            if (name.StartsWith("Deserialized.", StringComparison.Ordinal)) name = name.Substring(13);
            var dot = name.LastIndexOf('.');
            return dot >= 0 ? name.Substring(dot + 1) : name;
        }

        private static bool IsNumber(object? value) =>
            value is int || value is long || value is double || value is float || value is decimal
            || value is short || value is uint || value is ulong || value is ushort || value is byte;
    }
}
