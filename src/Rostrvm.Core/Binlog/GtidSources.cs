using System;
using System.Collections.Generic;
using System.Linq;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Who writes the GTIDs of a history: MariaDB's domains ("0" of 0-1-50) or MySQL's source UUIDs
    /// (with their tag). Read from a GTID position as a backup records it, or from the GTID state a
    /// binlog file starts with (Gtid_list, Previous_gtids), without reading its transactions.
    /// </summary>
    public static class GtidSources
    {
        /// <summary>The sources of a position such as "0-1-50,1-2-7" or "3e11fa47-...:1-5:7,4e11...:1-2"; empty when none.</summary>
        public static IReadOnlyCollection<string> Of(string position)
        {
            var sources = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            if (string.IsNullOrWhiteSpace(position)) return sources;
            foreach (var part in position.Split(new[] { ',', '\n', '\r', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var dashes = part.Split('-');
                if (dashes.Length == 3 && dashes.All(d => d.Length > 0 && d.All(char.IsDigit))) { sources.Add(dashes[0]); continue; }
                var pieces = part.Split(':');
                if (pieces[0].Length != 36 || !Guid.TryParse(pieces[0], out _)) continue;
                sources.Add(pieces[0].ToLowerInvariant());
                // uuid:1-5:tag:1-3 - a tag starts a source of its own.
                foreach (var piece in pieces.Skip(1).Where(p => p.Length > 0 && !char.IsDigit(p[0])))
                    sources.Add(pieces[0].ToLowerInvariant() + ":" + piece.ToLowerInvariant());
            }
            return sources;
        }

        /// <summary>The sources of the GTID state a binlog file starts with; null when it records none (GTIDs off, an old
        /// server).</summary>
        public static IReadOnlyCollection<string> AtStartOf(string path)
        {
            var reader = new BinlogReader(path, new BinlogReaderOptions { VerifyChecksums = false, Decode = true });
            var seen = 0;
            foreach (var ev in reader.ReadEvents())
            {
                if (ev.Data is GtidListEventData list) return Of(string.Join(",", list.Gtids));
                if (ev.Data is PreviousGtidsEventData previous) return Of(previous.GtidSet);
                // The state follows the format description at once; a few events in, there is none.
                if (++seen >= 4) break;
            }
            return null;
        }
    }
}
