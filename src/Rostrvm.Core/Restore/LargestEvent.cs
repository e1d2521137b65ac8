using System.Globalization;
using Rostrvm.Core.Binlog;

namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// The largest statement a replay will send, measured while the planner walks the chain: a
    /// statement event as it is, table maps and rows events as the BINLOG '&lt;base64&gt;' statement
    /// that carries them together up to the statement's end. The server refuses a statement
    /// larger than its max_allowed_packet, midway through the replay; the plan says it first.
    /// </summary>
    public sealed class LargestEvent
    {
        private const long StatementOverhead = 4096; // BINLOG '...' wrapping, renamed table maps, the packet header

        private long _group;
        private string? _groupStart;

        /// <summary>Bytes the largest statement needs as max_allowed_packet (0 when nothing is replayed).</summary>
        public long BytesNeeded { get; private set; }

        /// <summary>Where it starts: file:position and the event type.</summary>
        public string? Where { get; private set; }

        public void Observe(string file, BinlogEvent ev)
        {
            switch (ev.Data)
            {
                case TableMapEventData _:
                    Add(file, ev);
                    break;
                case RowsEventData rows:
                    Add(file, ev);
                    if (rows.IsStatementEnd) Close();
                    break;
                case QueryEventData _:
                    Consider(ev.Length + StatementOverhead, Describe(file, ev));
                    break;
            }
        }

        private void Add(string file, BinlogEvent ev)
        {
            if (_group == 0) _groupStart = Describe(file, ev);
            _group += 4L * ((ev.Length + 2) / 3) + 1; // base64 and its newline
        }

        private void Close()
        {
            Consider(_group + StatementOverhead, _groupStart);
            _group = 0;
        }

        private void Consider(long bytes, string? where)
        {
            if (bytes <= BytesNeeded) return;
            BytesNeeded = bytes;
            Where = where;
        }

        private static string Describe(string file, BinlogEvent ev) =>
            file + ":" + ev.Position.ToString(CultureInfo.InvariantCulture) + " (" + ev.TypeName + ")";
    }
}
