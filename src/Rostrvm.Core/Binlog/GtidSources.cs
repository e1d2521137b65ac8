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
        public static IReadOnlyCollection<string> Of(string position) =>
            new SortedSet<string>(GtidPosition.Parse(position).Select(e => e.Source), StringComparer.Ordinal);

        /// <summary>The sources of the GTID state a binlog file starts with; null when it records none (GTIDs off, an old
        /// server).</summary>
        public static IReadOnlyCollection<string>? AtStartOf(string path)
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
