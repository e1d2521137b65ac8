using System;
using System.Collections.Generic;
using System.Linq;

namespace Rostrvm.Core.Flashback
{
    /// <summary>An undo worked out and checked, not yet applied: the inverses, last change first, and the conflicts found.</summary>
    public sealed class UndoPlan
    {
        public UndoRequest Request { get; set; } = new UndoRequest();
        public string[] Transactions { get; set; } = Array.Empty<string>();
        public List<RowInverse> Rows { get; set; } = new List<RowInverse>();
        public LaterChanges Later { get; set; } = new LaterChanges();
        public HashSet<RowInverse> Conflicting { get; set; } = new HashSet<RowInverse>();
        public List<string> Warnings { get; set; } = new List<string>();

        /// <summary>What the planning did and how long each step took, for -Verbose.</summary>
        public List<string> Steps { get; set; } = new List<string>();

        private RowInverse[]? _heads;
        private RowInverse[] Heads => _heads ?? (_heads = RowChains.Heads(Rows));

        /// <summary>The result of applying this plan with these conflicts (counts per table, conflicts named).</summary>
        public UndoResult Result(HashSet<RowInverse> conflicting)
        {
            // Counted table by table as the rows go by, not grouped: a group would list every row again.
            var counts = new Dictionary<FlashbackTable, UndoTableCount>();
            foreach (var r in Rows)
            {
                if (!counts.TryGetValue(r.Table, out var count))
                    counts[r.Table] = count = new UndoTableCount { Table = r.Table.DisplayName };
                if (conflicting.Contains(r)) count.Conflicts++;
                else count.Rows++;
            }
            var tables = counts.Values.GroupBy(c => c.Table).Select(g => new UndoTableCount
            {
                Table = g.Key,
                Rows = g.Sum(c => c.Rows),
                Conflicts = g.Sum(c => c.Conflicts),
            }).OrderBy(t => t.Table).ToArray();
            return new UndoResult
            {
                Transactions = Transactions,
                Tables = tables,
                RowsRestored = tables.Sum(t => t.Rows),
                // A row changed more than once is listed once, at its last change.
                Conflicts = Rows.Where((r, i) => conflicting.Contains(r) && Heads[i] == r).Select(r => new UndoConflict
                {
                    Table = r.Table.DisplayName,
                    Key = r.Key,
                    Operation = r.Operation,
                    ChangedBy = Later.ChangedBy(r),
                }).ToArray(),
                Warnings = Warnings.ToArray(),
            };
        }

        /// <summary>Text for -WhatIf and the confirmation prompt.</summary>
        public string Describe()
        {
            var r = Result(Conflicting);
            var lines = new List<string> { $"Undo {string.Join(", ", Transactions)}: {r.RowsRestored} row(s) put back" };
            lines.AddRange(r.Tables.Select(t => "  " + t));
            foreach (var c in r.Conflicts.Take(20)) lines.Add($"  conflict: {c.Table} {c.Key} ({c.Operation}) changed " +
                $"by {c.ChangedBy ?? "unknown"}");
            if (r.Conflicts.Length > 20) lines.Add($"  ... and {r.Conflicts.Length - 20} more conflict(s)");
            if (r.Conflicts.Length > 0) lines.Add(Request.SkipConflicts ? "  rows in conflict are left as they are (-SkipConflicts)"
                : "  nothing is applied while rows are in conflict (-SkipConflicts applies the rest)");
            return string.Join(System.Environment.NewLine, lines);
        }
    }
}
