using System;
using System.Diagnostics.CodeAnalysis;
using System.Collections.Generic;
using System.Globalization;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// A GTID position as servers and backups write it, read once for everyone who asks of it: MariaDB's
    /// domain-server-seq list (a domain's position covers every lower sequence number of that domain) and
    /// MySQL's executed set (uuid:1-5:7, tagged uuid:tag:1-3). Each entry is a source (a domain, or a
    /// lower-case uuid with its tag) and a range of transaction numbers.
    /// </summary>
    public static class GtidPosition
    {
        public static IReadOnlyList<(string Source, long Low, long High)> Parse(string position)
        {
            var entries = new List<(string, long, long)>();
            if (string.IsNullOrWhiteSpace(position)) return entries;
            foreach (var part in position.Split(new[] { ',', '\n', '\r', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (TryParseMariaDb(part, out var domain, out var sequence)) { entries.Add((domain, 1, sequence)); continue; }
                var pieces = part.Split(':');
                if (pieces[0].Length != 36 || !Guid.TryParse(pieces[0], out _)) continue;
                var source = pieces[0].ToLowerInvariant();
                for (var i = 1; i < pieces.Length; i++)
                {
                    var piece = pieces[i];
                    // uuid:1-5:tag:1-3 - the intervals after a tag belong to that tag.
                    if (piece.Length > 0 && !char.IsDigit(piece[0]))
                    {
                        source = pieces[0].ToLowerInvariant() + ":" + piece.ToLowerInvariant();
                        continue;
                    }
                    var dash = piece.IndexOf('-');
                    if (!Number(dash < 0 ? piece : piece.Substring(0, dash), out var low)) continue;
                    var high = low;
                    if (dash >= 0 && !Number(piece.Substring(dash + 1), out high)) continue;
                    entries.Add((source, low, high));
                }
            }
            return entries;
        }

        /// <summary>One GTID (0-1-44, uuid:44, uuid:tag:44) as its source and transaction number; false when it is none.</summary>
        public static bool TryParseOne(string? gtid, [NotNullWhen(true)] out string? source, out long number)
        {
            source = null;
            number = 0;
            if (string.IsNullOrWhiteSpace(gtid)) return false;
            gtid = gtid!.Trim(); // IsNullOrWhiteSpace said it is there (netstandard2.0 does not annotate it)
            if (TryParseMariaDb(gtid, out source, out number)) return true;
            var colon = gtid.LastIndexOf(':');
            if (colon <= 0 || !Number(gtid.Substring(colon + 1), out number)) return false;
            var name = gtid.Substring(0, colon);
            if (name.Length < 36 || !Guid.TryParse(name.Substring(0, 36), out _)) return false;
            source = name.ToLowerInvariant();
            return true;
        }

        private static bool TryParseMariaDb(string text, [NotNullWhen(true)] out string? domain, out long sequence)
        {
            domain = null;
            sequence = 0;
            var parts = text.Trim().Split('-');
            if (parts.Length != 3 || !Number(parts[0], out var d) || !Number(parts[1], out _)
                || !Number(parts[2], out sequence)) return false;
            domain = d.ToString(CultureInfo.InvariantCulture);
            return true;
        }

        private static bool Number(string text, out long value) =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
