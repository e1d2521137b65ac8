using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// Loading rows into a table and then building its secondary indexes in one sorted pass is
    /// much faster than updating every index for every row (what myloader calls optimizing keys).
    /// This takes the plain secondary keys (KEY/INDEX lines of SHOW CREATE TABLE) out of a CREATE
    /// TABLE statement and gives the ALTER TABLE that adds them back, in the same order, so the
    /// finished table is the same as the dumped one. Unique keys stay (they are constraints);
    /// FULLTEXT and SPATIAL stay (InnoDB would rebuild the table to add them); a table with a
    /// foreign key is left alone (the key may be the one the constraint uses).
    /// </summary>
    public sealed class DeferredIndexes
    {
        private static readonly Regex s_createTable = new Regex(@"^\s*CREATE\s+TABLE\s+(`(?:[^`]|``)+`)\s*\(",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex s_plainKey = new Regex(@"^(KEY|INDEX)\s+`", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private DeferredIndexes(string table, string createWithoutKeys, IReadOnlyList<string> keys)
        {
            Table = table;
            CreateWithoutKeys = createWithoutKeys;
            Keys = keys;
        }

        /// <summary>The quoted table name.</summary>
        public string Table { get; }
        public string CreateWithoutKeys { get; }
        /// <summary>The key definitions taken out, in their order ("KEY `ix` (`col`)").</summary>
        public IReadOnlyList<string> Keys { get; }

        /// <summary>ALTER TABLE ... ADD KEY ..., ADD KEY ...: every deferred key in one statement (one pass over the rows).</summary>
        public string AlterStatement => "ALTER TABLE " + Table + " " + string.Join(", ", ToAdds());

        private IEnumerable<string> ToAdds()
        {
            foreach (var key in Keys) yield return "ADD " + key;
        }

        /// <summary>
        /// The CREATE TABLE without its plain secondary keys, or null when the statement is not a
        /// CREATE TABLE laid out as SHOW CREATE TABLE writes it, or has nothing to defer.
        /// </summary>
        public static DeferredIndexes? From(string statement)
        {
            var match = s_createTable.Match(statement);
            if (!match.Success || statement.IndexOf("FOREIGN KEY", StringComparison.OrdinalIgnoreCase) >= 0) return null;
            // SHOW CREATE TABLE: "CREATE TABLE `t` (\n  def,\n  def\n) options". Definitions are one per line.
            var open = statement.IndexOf("(\n", match.Index, StringComparison.Ordinal);
            var close = statement.LastIndexOf("\n)", StringComparison.Ordinal);
            if (open < 0 || close <= open) return null;
            var lines = statement.Substring(open + 2, close - open - 2).Split('\n');
            var kept = new List<string>();
            var keys = new List<string>();
            foreach (var line in lines)
            {
                var definition = line.Trim();
                if (definition.EndsWith(",", StringComparison.Ordinal)) definition = definition.Substring(0, definition.Length - 1);
                // A definition must start at the two-space indent; anything else (a column comment
                // spanning lines, say) means this is not the layout relied on.
                if (!line.StartsWith("  ", StringComparison.Ordinal) || definition.Length == 0) return null;
                if (s_plainKey.IsMatch(definition)) keys.Add(definition);
                else kept.Add("  " + definition);
            }
            if (keys.Count == 0 || kept.Count == 0) return null;
            var create = statement.Substring(0, open + 2) + string.Join(",\n", kept) + statement.Substring(close);
            return new DeferredIndexes(match.Groups[1].Value, create, keys);
        }
    }
}
