using System;
using System.Linq;
using Rostrvm.Core.Binlog;

namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// Whether a backup already holds a transaction named by its GTID, from the GTID position the
    /// backup recorded (<see cref="GtidPosition"/>: MariaDB domains, MySQL sets with tags).
    /// </summary>
    public static class BackupGtidCoverage
    {
        /// <summary>True or false when the backup's position says; null when it cannot tell (no position, not a GTID).</summary>
        public static bool? Holds(string? backupGtid, string gtid)
        {
            // The null test is for the compiler: netstandard2.0 does not annotate IsNullOrWhiteSpace.
            if (backupGtid == null || string.IsNullOrWhiteSpace(backupGtid)
                || !GtidPosition.TryParseOne(gtid, out var source, out var number)) return null;
            return GtidPosition.Parse(backupGtid)
                .Any(e => string.Equals(e.Source, source, StringComparison.Ordinal) && number >= e.Low && number <= e.High);
        }
    }
}
