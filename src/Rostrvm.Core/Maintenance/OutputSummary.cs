using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>One output object of a job, as property names and values.</summary>
    public sealed class OutputItem
    {
        public OutputItem(string typeName, IEnumerable<KeyValuePair<string, object>> properties)
        {
            TypeName = typeName ?? "Object";
            Properties = properties?.ToList() ?? new List<KeyValuePair<string, object>>();
        }

        public string TypeName { get; }
        public IReadOnlyList<KeyValuePair<string, object>> Properties { get; }
    }

    /// <summary>
    /// Turns what a job wrote into one line of figures for the history: per output type, how many
    /// objects, the sum of each numeric property, and the path of a single object; plus every
    /// non-empty Warning property, which the history keeps as a warning.
    /// </summary>
    public static class OutputSummary
    {
        private const int MaxNumbersPerType = 8;
        private const int MaxLength = 1000;
        private static readonly string[] s_pathNames = { "Path", "FullName", "File", "Archive", "Destination" };

        public static string Summarise(IEnumerable<OutputItem> items, ICollection<string> warnings = null)
        {
            var parts = new List<string>();
            foreach (var group in items.GroupBy(i => ShortName(i.TypeName)))
            {
                var list = group.ToList();
                var sums = new List<KeyValuePair<string, double>>();
                foreach (var item in list)
                {
                    foreach (var property in item.Properties)
                    {
                        if (property.Key == "Warning" && property.Value is string w && w.Length > 0) warnings?.Add(w);
                        if (!IsNumber(property.Value)) continue;
                        var value = Convert.ToDouble(property.Value, CultureInfo.InvariantCulture);
                        var index = sums.FindIndex(s => s.Key == property.Key);
                        if (index < 0) sums.Add(new KeyValuePair<string, double>(property.Key, value));
                        else sums[index] = new KeyValuePair<string, double>(property.Key, sums[index].Value + value);
                    }
                }
                var text = new StringBuilder();
                text.Append(list.Count.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(group.Key);
                var figures = sums.Take(MaxNumbersPerType).Select(s => s.Key + "=" + s.Value.ToString("0.##", CultureInfo.InvariantCulture)).ToList();
                if (list.Count == 1)
                {
                    var path = list[0].Properties.FirstOrDefault(p => s_pathNames.Contains(p.Key) && p.Value is string s && s.Length > 0);
                    if (path.Key != null) figures.Add(path.Key + "=" + path.Value);
                }
                if (figures.Count > 0) text.Append(": ").Append(string.Join(", ", figures));
                parts.Add(text.ToString());
            }
            var summary = parts.Count == 0 ? "no output" : string.Join("; ", parts);
            return summary.Length <= MaxLength ? summary : summary.Substring(0, MaxLength - 3) + "...";
        }

        private static string ShortName(string typeName)
        {
            var name = typeName ?? "Object";
            if (name.StartsWith("Deserialized.", StringComparison.Ordinal)) name = name.Substring(13);
            var dot = name.LastIndexOf('.');
            return dot >= 0 ? name.Substring(dot + 1) : name;
        }

        private static bool IsNumber(object value) =>
            value is int || value is long || value is double || value is float || value is decimal
            || value is short || value is uint || value is ulong || value is ushort || value is byte;
    }
}
