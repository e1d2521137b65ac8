using System;
using System.Globalization;

namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// Whether a backup already holds a transaction named by its GTID, from the GTID position the
    /// backup recorded: MariaDB's domain-server-seq list (a domain's position covers every lower
    /// sequence number of that domain) or MySQL's executed set (uuid:1-5:7, tagged uuid:tag:1-3).
    /// </summary>
    public static class BackupGtidCoverage
    {
        /// <summary>True or false when the backup's position says; null when it cannot tell (no position, not a GTID).</summary>
        public static bool? Holds(string backupGtid, string gtid)
        {
            if (string.IsNullOrWhiteSpace(backupGtid) || string.IsNullOrWhiteSpace(gtid)) return null;
            gtid = gtid.Trim();
            if (TryParseMariaDb(gtid, out var domain, out _, out var sequence))
            {
                foreach (var part in backupGtid.Split(new[] { ',', '\n', '\r', ' ' }, StringSplitOptions.RemoveEmptyEntries))
                    if (TryParseMariaDb(part, out var d, out _, out var s) && d == domain) return s >= sequence;
                return false;
            }
            var colon = gtid.LastIndexOf(':');
            if (colon <= 0 || !long.TryParse(gtid.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture,
                out var number)) return null;
            var source = gtid.Substring(0, colon);
            if (source.Length < 36 || !Guid.TryParse(source.Substring(0, 36), out _)) return null;
            foreach (var set in backupGtid.Split(new[] { ',', '\n', '\r', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                // uuid[:tag]:a-b:c... ; the intervals follow the source (and tag) they belong to.
                var pieces = set.Split(':');
                var name = pieces[0];
                for (var i = 1; i < pieces.Length; i++)
                {
                    var piece = pieces[i];
                    if (piece.Length > 0 && !char.IsDigit(piece[0])) { name = pieces[0] + ":" + piece; continue; }
                    if (!string.Equals(name, source, StringComparison.OrdinalIgnoreCase)) continue;
                    var dash = piece.IndexOf('-');
                    var low = long.Parse(dash < 0 ? piece : piece.Substring(0, dash), CultureInfo.InvariantCulture);
                    var high = dash < 0 ? low : long.Parse(piece.Substring(dash + 1), CultureInfo.InvariantCulture);
                    if (number >= low && number <= high) return true;
                }
            }
            return false;
        }

        private static bool TryParseMariaDb(string text, out long domain, out long server, out long sequence)
        {
            domain = server = sequence = 0;
            var parts = text.Trim().Split('-');
            return parts.Length == 3
                   && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out domain)
                   && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out server)
                   && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
        }
    }
}
