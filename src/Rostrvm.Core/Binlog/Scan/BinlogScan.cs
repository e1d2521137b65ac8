using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Rostrvm.Core.Backup;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// The one walk over a chain of binlog files (go-mysql's parser feeding one handler): the
    /// files in order, the reader loop, the transaction tracker, start and stop by time and
    /// position, excluded transactions, and the database, table, operation and scratch-database
    /// judgement of every event. Get-RostrvmBinlogEvent, the SQL writer and the restore planner
    /// consume what it yields and never walk the files themselves, so a range means the same to
    /// all three. Format description events are always yielded (each starts a file's format);
    /// events before the start time, and of excluded transactions, are not.
    /// </summary>
    public sealed class BinlogScan
    {
        private static readonly string[] DdlWords = { "CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "GRANT", "REVOKE" };

        private readonly List<BinlogScanFile> _files;
        private readonly BinlogRange _range;
        private readonly List<TransactionPosition> _excluded = new List<TransactionPosition>();

        public BinlogScan(IEnumerable<BinlogScanFile> files, BinlogRange? range)
        {
            _files = files.ToList();
            _range = range ?? BinlogRange.All;
        }

        public BinlogScan(IEnumerable<string> files, BinlogRange? range)
            : this(files.Select(f => new BinlogScanFile(f)), range)
        {
        }

        public bool VerifyChecksums { get; set; } = true;

        public IColumnInfoSource? ColumnInfo { get; set; }

        /// <summary>Keep yielding after the stop, marked <see cref="BinlogScanEvent.AfterStop"/> (the planner names the first transaction
        /// not applied).</summary>
        public bool ContinueAfterStop { get; set; }

        /// <summary>The event the range stopped before (by time or position), once found; null when it ran to the end.</summary>
        public BinlogEvent? StopEvent { get; private set; }

        /// <summary>The transaction open when the scan stopped (it is not in the range: rolled back, as with mysqlbinlog).</summary>
        public BinlogScanTransaction? StoppedInside { get; private set; }

        /// <summary>The transactions left out by the range's exclusions, in order.</summary>
        public IReadOnlyList<TransactionPosition> Excluded => _excluded;

        public IEnumerable<BinlogScanEvent> Events(CancellationToken cancellationToken = default)
        {
            var startUtc = _range.StartUtc;
            var stopUtc = _range.StopUtc;
            var stopFile = _range.StopPosition.HasValue ? _range.StopFile ?? (_files.Count > 0
                ? Path.GetFileName(_files[_files.Count - 1].Path) : null) : null;
            var dbs = SetOrNull(_range.Databases);
            var ops = SetOrNull(_range.Operations);
            var tables = _range.Tables != null && _range.Tables.Length > 0 ? _range.Tables : null;
            // Events of a transaction that has not yet named a database wait for one that does,
            // so that they can be judged scratch or not with it (GTID, BEGIN, context events).
            var hold = !_range.ShowsScratch;
            var held = new List<BinlogScanEvent>();
            var tracker = new BinlogTransactionTracker();
            BinlogScanTransaction? current = null;
            var excluded = false;
            var stopped = false;

            for (var f = 0; f < _files.Count; f++)
            {
                var file = _files[f];
                var reader = new BinlogReader(file.Path, new BinlogReaderOptions
                {
                    StartPosition = f == 0 && _range.StartPosition.HasValue ? _range.StartPosition.Value : file.StartPosition,
                    StopPosition = file.StopPosition,
                    VerifyChecksums = VerifyChecksums,
                    ColumnInfo = ColumnInfo,
                });
                var isStopFile = stopFile != null && string.Equals(Path.GetFileName(file.Path), stopFile, StringComparison.Ordinal);
                foreach (var ev in reader.ReadEvents(cancellationToken))
                {
                    var isFormat = ev.Type == BinlogEventType.FormatDescription;
                    if (!stopped && !isFormat && !ev.IsInPayload
                        && (stopUtc.HasValue && ev.TimeUtc >= stopUtc.Value || isStopFile && ev.Position >= _range.StopPosition))
                    {
                        stopped = true;
                        StopEvent = ev;
                        StoppedInside = current;
                        foreach (var h in Release(held, current)) yield return h;
                        if (!ContinueAfterStop) yield break;
                    }

                    var position = tracker.Observe(ev);
                    if (position.IsStart)
                    {
                        foreach (var h in Release(held, current)) yield return h;
                        current = new BinlogScanTransaction(position);
                        excluded = !stopped && ((_range.ExcludeGtids != null && position.Gtid != null
                            && _range.ExcludeGtids.Contains(position.Gtid))
                                                || (_range.ExcludeTransaction != null && _range.ExcludeTransaction(position)));
                        if (excluded) _excluded.Add(position);
                    }
                    var transaction = position.IsOutside ? null : current;
                    if (position.IsOutside) foreach (var h in Release(held, current)) yield return h;
                    if (position.IsEnd) current = null;
                    if (transaction != null && excluded)
                    {
                        if (position.IsEnd) excluded = false;
                        continue;
                    }
                    if (!isFormat && startUtc.HasValue && ev.TimeUtc < startUtc.Value && !stopped) continue;

                    var item = Describe(ev, reader, position, transaction);
                    item.AfterStop = stopped;
                    item.Matches = Matches(item, dbs, tables, ops);
                    if (transaction != null) transaction.Matched |= item.Matches && !stopped;

                    var named = NamedDatabase(item);
                    if (named != null) item.Scratch = ScratchDatabase.IsScratch(named);
                    else if (transaction?.FirstNamedScratch != null) item.Scratch = transaction.FirstNamedScratch.Value;
                    if (hold && !stopped && transaction != null && named == null && transaction.FirstNamedScratch == null
                        && !position.IsEnd)
                    {
                        held.Add(item);
                        continue;
                    }
                    foreach (var h in Release(held, transaction)) yield return h;
                    yield return item;
                }
            }
            foreach (var h in Release(held, current)) yield return h;
        }

        /// <summary>The held events, judged with their transaction (scratch when its first named database is).</summary>
        private static List<BinlogScanEvent> Release(List<BinlogScanEvent> held, BinlogScanTransaction? transaction)
        {
            if (held.Count == 0) return held;
            var released = new List<BinlogScanEvent>(held);
            foreach (var h in released) h.Scratch = h.Transaction?.FirstNamedScratch == true;
            held.Clear();
            return released;
        }

        private static BinlogScanEvent Describe(BinlogEvent ev, BinlogReader reader, TransactionPosition position,
            BinlogScanTransaction? transaction)
        {
            var item = new BinlogScanEvent(ev, reader) { Position = position, Transaction = transaction };
            switch (ev.Data)
            {
                case QueryEventData q:
                    {
                        var statement = StatementTables.Parse(q.Sql, q.Database, StatementTables.HasAnsiQuotes(q.SqlMode));
                        item.Statement = statement;
                        item.Operation = OperationOf(statement.Verb);
                        item.Database = string.IsNullOrEmpty(q.Database) ? null : q.Database;
                        item.Tables = statement.Tables;
                        var control = item.Operation == "Begin" || item.Operation == "Commit" || IsTransactionControl(statement.Verb);
                        if (!control) transaction?.Note(item.Database, NamedDatabase(item));
                        break;
                    }
                case RowsEventData rows:
                    item.Operation = rows.Operation.ToString();
                    if (rows.TableMap != null)
                    {
                        item.Database = rows.TableMap.Database;
                        item.Tables = new[] { new TableName(rows.TableMap.Database, rows.TableMap.Table) };
                        transaction?.Note(item.Database, item.Database);
                    }
                    break;
                case TableMapEventData map:
                    item.Database = map.Database;
                    item.Tables = new[] { new TableName(map.Database, map.Table) };
                    transaction?.Note(map.Database, map.Database);
                    break;
                case XidEventData _:
                    item.Operation = "Commit";
                    break;
            }
            return item;
        }

        private static bool IsTransactionControl(string? verb) => verb == "ROLLBACK" || verb == "XA" || verb == "SAVEPOINT"
            || verb == "RELEASE";

        /// <summary>
        /// The database an event names, for the scratch judgement: its default database, or the
        /// database a statement creates, drops or changes a table in when there is no default, or
        /// when a DDL statement's is a scratch one (Test-RostrvmBackup runs its DDL from another database).
        /// </summary>
        private static string? NamedDatabase(BinlogScanEvent item)
        {
            var named = item.Database;
            if (item.Statement != null)
            {
                var target = item.Statement.Database ?? (item.Statement.Tables.Count > 0 ? item.Statement.Tables[0].Database : null);
                if (target != null && (string.IsNullOrEmpty(named) || item.Operation == "Ddl"
                    && ScratchDatabase.IsScratch(target))) named = target;
            }
            if (item.Operation == "Begin" || item.Operation == "Commit" || item.Statement != null
                && IsTransactionControl(item.Statement.Verb)) return null;
            return string.IsNullOrEmpty(named) ? null : named;
        }

        private static bool Matches(BinlogScanEvent item, HashSet<string>? dbs, string[]? tables, HashSet<string>? ops)
        {
            if (dbs != null && !(item.Database != null && dbs.Contains(item.Database)
                                 || item.Tables.Any(t => t.Database != null && dbs.Contains(t.Database))
                                 || item.Statement?.Database != null && dbs.Contains(item.Statement.Database)))
                return false;
            if (tables != null && !item.Tables.Any(t => BinlogTableFilter.Matches(t.Database, t.Table, tables,
                StringComparison.OrdinalIgnoreCase))) return false;
            if (ops != null && (item.Operation == null || !ops.Contains(item.Operation)
                || item.Event.Type == BinlogEventType.TableMap)) return false;
            return true;
        }

        private static string OperationOf(string? verb)
        {
            switch (verb ?? string.Empty)
            {
                case "BEGIN": return "Begin";
                case "COMMIT": return "Commit";
                case "INSERT": case "REPLACE": return "Insert";
                case "UPDATE": return "Update";
                case "DELETE": return "Delete";
                default: return Array.IndexOf(DdlWords, verb) >= 0 ? "Ddl" : "Statement";
            }
        }

        private static HashSet<string>? SetOrNull(string[]? values) =>
            values != null && values.Length > 0 ? new HashSet<string>(values, StringComparer.OrdinalIgnoreCase) : null;
    }
}
