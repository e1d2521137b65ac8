using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>The -Table filter: "table" matches that table in any database, "db.table" only there.</summary>
    public static class BinlogTableFilter
    {
        public static bool Matches(string? database, string table, string[] patterns, StringComparison comparison)
        {
            foreach (var t in patterns)
            {
                var dot = t.IndexOf('.');
                if (dot < 0 ? string.Equals(t, table, comparison)
                            : string.Equals(t.Substring(0, dot), database, comparison)
                              && string.Equals(t.Substring(dot + 1), table, comparison))
                    return true;
            }
            return false;
        }
    }
}
