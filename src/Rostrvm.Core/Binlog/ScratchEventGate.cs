using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Rostrvm.Core.Backup;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Leaves the events of Test-RostrvmBackup's scratch databases (rostrvm_test_&lt;time&gt;...) out
    /// of a binlog query and counts them. An event that names a database is judged by that name
    /// (its default database, its table map, or the database a DDL statement names); one
    /// that names none (GTID, BEGIN, XID) follows the first event of its transaction that does,
    /// so it is held back until that event comes.
    /// </summary>
    internal sealed class ScratchEventGate
    {
        // CREATE/DROP DATABASE x, and DDL on a table named with its database (x.t) from a session in another one.
        private static readonly Regex DatabaseDdl = new Regex(
            @"^\s*(?:(?:CREATE|DROP)\s+(?:DATABASE|SCHEMA)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?`?([^`\s;.]+)" +
            @"|(?:CREATE|ALTER|DROP|TRUNCATE)\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?`?([^`\s;.]+)`?\.)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private readonly BinlogEventFilter _filter;
        private readonly List<BinlogEventInfo> _held = new List<BinlogEventInfo>();
        private string _transactionFile;
        private long _transactionPosition;
        private bool? _scratchTransaction;

        /// <summary>Counts what it leaves out in the filter's ScratchLeftOut.</summary>
        public ScratchEventGate(BinlogEventFilter filter)
        {
            _filter = filter;
            _filter.ScratchLeftOut = 0;
        }

        /// <summary>True when a filter names a scratch database itself: then nothing is left out.</summary>
        public static bool Named(BinlogEventFilter filter) =>
            (filter.Databases ?? new string[0]).Any(ScratchDatabase.IsScratch) ||
            (filter.Tables ?? new string[0]).Any(t => t.IndexOf('.') > 0 && ScratchDatabase.IsScratch(t.Substring(0, t.IndexOf('.'))));

        /// <summary>The database an event names (null when none), and whether it is a scratch one.</summary>
        public static string DatabaseOf(BinlogEventInfo info, out bool scratch)
        {
            var named = info.Database;
            if (info.Operation == "Ddl" && info.Sql != null)
            {
                var ddl = DatabaseDdl.Match(info.Sql);
                var target = ddl.Groups[1].Success ? ddl.Groups[1].Value : ddl.Groups[2].Value;
                if (ddl.Success && (ScratchDatabase.IsScratch(target) || string.IsNullOrEmpty(named))) named = target;
            }
            scratch = ScratchDatabase.IsScratch(named);
            return string.IsNullOrEmpty(named) ? null : named;
        }

        /// <summary>A transaction of scratch events only (for -Transaction).</summary>
        public static bool IsScratchTransaction(IEnumerable<BinlogEventInfo> events)
        {
            var any = false;
            foreach (var e in events)
            {
                if (DatabaseOf(e, out var scratch) == null) continue;
                if (!scratch) return false;
                any = true;
            }
            return any;
        }

        /// <summary>
        /// Called for every event before the other filters; returns the held events of a
        /// transaction that ended without naming a database (to be shown first), and says
        /// whether this event is a scratch one.
        /// </summary>
        public List<BinlogEventInfo> Observe(BinlogEventInfo info, out bool scratch)
        {
            List<BinlogEventInfo> released = null;
            if (info.TransactionFile != _transactionFile || info.TransactionPosition != _transactionPosition)
            {
                released = Flush();
                _transactionFile = info.TransactionFile;
                _transactionPosition = info.TransactionPosition;
                _scratchTransaction = null;
            }
            var named = DatabaseOf(info, out scratch);
            if (_transactionFile == null) return released;
            if (named == null)
                scratch = _scratchTransaction == true;
            else if (_scratchTransaction == null)
            {
                _scratchTransaction = scratch;
                if (scratch)
                {
                    _filter.ScratchLeftOut += _held.Count;
                    _held.Clear();
                }
            }
            return released;
        }

        /// <summary>A scratch event that passed every other filter: counted, not shown.</summary>
        public void LeaveOut() => _filter.ScratchLeftOut++;

        /// <summary>
        /// The events to show now for one that passed every filter: none while its transaction has
        /// not yet named a database (it is held), else the held ones and then it.
        /// </summary>
        public List<BinlogEventInfo> Pass(BinlogEventInfo info)
        {
            if (_transactionFile != null && _scratchTransaction == null && DatabaseOf(info, out _) == null)
            {
                _held.Add(info);
                return null;
            }
            var shown = Flush() ?? new List<BinlogEventInfo>(1);
            shown.Add(info);
            return shown;
        }

        /// <summary>The held events, shown at the end of their transaction or of the read.</summary>
        public List<BinlogEventInfo> Flush()
        {
            if (_held.Count == 0) return null;
            var held = new List<BinlogEventInfo>(_held);
            _held.Clear();
            return held;
        }
    }
}
