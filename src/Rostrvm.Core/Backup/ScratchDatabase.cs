using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// The name of the database Test-RostrvmBackup loads a backup into: rostrvm_test_&lt;UTC
    /// yyyyMMddHHmmss&gt;_&lt;random&gt;, recognisable so that binlog queries can leave such
    /// loads out when the account could not keep them out of the binary log.
    /// </summary>
    public static class ScratchDatabase
    {
        public const string Prefix = "rostrvm_test_";

        private static readonly Regex Pattern = new Regex("^rostrvm_test_[0-9]{14}",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static string NewName() =>
            Prefix + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")
                .Substring(0, 6);

        /// <summary>True for names of the pattern (a name given with -ScratchDatabase is the caller's own).</summary>
        public static bool IsScratch(string? database) => database is { Length: > 0 } && Pattern.IsMatch(database);
    }
}
