using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Threading;

namespace Rostrvm.Core.Binlog
{
    /// <summary>One event as Get-RostrvmBinlogEvent shows it: plain properties that survive remoting.</summary>
    public sealed class BinlogEventInfo
    {
        public string File { get; set; }
        public long Position { get; set; }
        public long EndPosition { get; set; }
        public DateTime TimeUtc { get; set; }
        public DateTime Time { get; set; }
        public string Type { get; set; }
        public long ServerId { get; set; }
        public string Gtid { get; set; }
        public string Database { get; set; }
        /// <summary>The (first) table the event changes: a rows event's table, or the first table a statement names.</summary>
        public string Table { get; set; }
        /// <summary>Every table the event changes, as db.table (a multi-table statement names several); empty when none.</summary>
        public string[] Tables { get; set; } = Array.Empty<string>();
        /// <summary>Insert, Update, Delete, Ddl, Statement, Begin, Commit, or empty.</summary>
        public string Operation { get; set; }
        /// <summary>The statement; for rows events, the Annotate_rows/Rows_query text when the server wrote one.</summary>
        public string Sql { get; set; }
        public int RowCount { get; set; }
        public BinlogRowImage[] Rows { get; set; }
        /// <summary>Start position of the transaction the event belongs to (for -StopBefore / -ExcludeTransaction).</summary>
        public long TransactionPosition { get; set; }
        public string TransactionFile { get; set; }

        /// <summary>True for the event that ends its transaction (Xid, COMMIT, a DDL statement).</summary>
        public bool EndsTransaction { get; set; }
    }

    /// <summary>One row of a rows event; Before/After map column names (or @1, @2...) to values.</summary>
    public sealed class BinlogRowImage
    {
        public string Operation { get; set; }
        public OrderedDictionary Before { get; set; }
        public OrderedDictionary After { get; set; }
    }

    /// <summary>A transaction as Get-RostrvmBinlogEvent -Transaction shows it.</summary>
    public sealed class BinlogTransactionInfo
    {
        public string File { get; set; }
        public long Position { get; set; }
        public long EndPosition { get; set; }
        public string EndFile { get; set; }
        public DateTime TimeUtc { get; set; }
        public DateTime Time { get; set; }
        public DateTime EndTimeUtc { get; set; }
        public DateTime EndTime { get; set; }
        public string Gtid { get; set; }
        public string[] Databases { get; set; }
        public string[] Tables { get; set; }
        public string[] Operations { get; set; }
        public int EventCount { get; set; }
        public int RowCount { get; set; }
        /// <summary>False when the range ended before the transaction's commit.</summary>
        public bool Complete { get; set; }
        public BinlogEventInfo[] Events { get; set; }
    }

    /// <summary>The filters of Get-RostrvmBinlogEvent.</summary>
    public sealed class BinlogEventFilter
    {
        public DateTime? Start { get; set; }
        public DateTime? Stop { get; set; }
        public long? StartPosition { get; set; }
        public long? StopPosition { get; set; }
        public string[] Databases { get; set; }
        public string[] Tables { get; set; }
        /// <summary>Insert, Update, Delete, Ddl.</summary>
        public string[] Operations { get; set; }
        /// <summary>Include format description, rotate, GTID and other bookkeeping events (default: all events when no filter is set).</summary>
        public bool IncludeRows { get; set; } = true;
        public IColumnInfoSource ColumnInfo { get; set; }
        /// <summary>
        /// Also show the events of Test-RostrvmBackup's scratch databases (rostrvm_test_&lt;time&gt;...);
        /// by default they are left out (unless a filter names one) and counted in <see cref="ScratchLeftOut"/>.
        /// </summary>
        public bool IncludeScratch { get; set; }
        /// <summary>Set by the query: events (with Transactions, transactions) of scratch databases left out.</summary>
        public long ScratchLeftOut { get; set; }
    }

    /// <summary>Reads binlog files into <see cref="BinlogEventInfo"/> objects, filtering before rows are decoded.</summary>
    public static class BinlogEventQuery
    {
        private static readonly string[] DdlWords = { "CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "GRANT", "REVOKE" };

        public static IEnumerable<BinlogEventInfo> Events(IEnumerable<string> files, BinlogEventFilter filter, CancellationToken cancellationToken = default)
        {
            var list = files.ToList();
            var startUtc = ToUtc(filter.Start);
            var stopUtc = ToUtc(filter.Stop);
            var ops = SetOrNull(filter.Operations);
            var dbs = SetOrNull(filter.Databases);
            var tables = filter.Tables != null && filter.Tables.Length > 0 ? filter.Tables : null;
            var anyFilter = ops != null || dbs != null || tables != null;
            var gate = filter.IncludeScratch || ScratchEventGate.Named(filter) ? null : new ScratchEventGate(filter);
            for (var f = 0; f < list.Count; f++)
            {
                var reader = new BinlogReader(list[f], new BinlogReaderOptions
                {
                    StartPosition = f == 0 && filter.StartPosition.HasValue ? filter.StartPosition.Value : 4,
                    StopPosition = f == list.Count - 1 ? filter.StopPosition : null,
                    ColumnInfo = filter.ColumnInfo,
                });
                var tracker = new BinlogTransactionTracker();
                string annotate = null;
                string currentDb = null;
                foreach (var ev in reader.ReadEvents(cancellationToken))
                {
                    var txn = tracker.Observe(ev);
                    if (ev.Data is RowsQueryEventData rq) annotate = rq.Sql;
                    if (stopUtc.HasValue && ev.TimeUtc >= stopUtc.Value)
                    {
                        foreach (var held in Shown(gate?.Flush())) yield return held;
                        yield break;
                    }
                    if (startUtc.HasValue && ev.TimeUtc < startUtc.Value) continue;
                    if (ev.Type == BinlogEventType.FormatDescription && filter.StartPosition.HasValue && f == 0 && filter.StartPosition.Value > 4) continue;
                    var info = Describe(ev, txn);
                    if (ev.Data is QueryEventData q)
                    {
                        if (!string.IsNullOrEmpty(q.Database)) currentDb = q.Database;
                        var changed = StatementTables.Parse(q.Sql, q.Database, StatementTables.HasAnsiQuotes(q.SqlMode));
                        info.Operation = OperationOf(changed.Verb);
                        info.Table = changed.Tables.Count > 0 ? changed.Tables[0].Table : null;
                        info.Tables = changed.Tables.Select(t => t.QualifiedName).ToArray();
                        annotate = null;
                    }
                    if (ev.Data is RowsEventData rows)
                    {
                        var map = rows.TableMap;
                        info.Database = map?.Database;
                        info.Table = map?.Table;
                        if (map != null) info.Tables = new[] { map.Database + "." + map.Table };
                        info.Operation = rows.Operation.ToString();
                        info.Sql = annotate;
                        if (rows.IsStatementEnd) { /* the annotate covers every rows event of the statement */ }
                    }
                    if (ev.Data is TableMapEventData tm) { info.Database = tm.Database; info.Table = tm.Table; }
                    var scratch = false;
                    if (gate != null)
                        foreach (var held in Shown(gate.Observe(info, out scratch))) yield return held;
                    if (anyFilter)
                    {
                        if (dbs != null && !DatabaseMatches(info, dbs)) continue;
                        if (tables != null && !TableMatches(info, tables)) continue;
                        if (ops != null && (info.Operation == null || !ops.Contains(info.Operation))) continue;
                        if (ev.Type == BinlogEventType.TableMap && ops != null) continue;
                    }
                    if (scratch)
                    {
                        gate.LeaveOut();
                        continue;
                    }
                    if (ev.Data is RowsEventData wanted && wanted.TableMap != null && filter.IncludeRows)
                    {
                        // Rows are decoded only here, after every filter said yes.
                        var images = new List<BinlogRowImage>();
                        var map = wanted.TableMap;
                        var enumNames = map.EnumValues;
                        var setNames = map.SetValues;
                        foreach (var change in wanted.Rows())
                            images.Add(new BinlogRowImage
                            {
                                Operation = change.Operation.ToString(),
                                Before = ToDictionary(change.Before, map),
                                After = ToDictionary(change.After, map),
                            });
                        info.Rows = images.ToArray();
                        info.RowCount = images.Count;
                    }
                    if (gate == null) yield return info;
                    else foreach (var shown in Shown(gate.Pass(info))) yield return shown;
                }
            }
            foreach (var held in Shown(gate?.Flush())) yield return held;
        }

        private static IEnumerable<BinlogEventInfo> Shown(List<BinlogEventInfo> events) => events ?? Enumerable.Empty<BinlogEventInfo>();

        /// <summary>Groups the filtered events into transactions; a transaction is listed when any of its events passes the filters.</summary>
        public static IEnumerable<BinlogTransactionInfo> Transactions(IEnumerable<string> files, BinlogEventFilter filter, CancellationToken cancellationToken = default)
        {
            var unfiltered = new BinlogEventFilter
            {
                Start = filter.Start, Stop = filter.Stop, StartPosition = filter.StartPosition, StopPosition = filter.StopPosition,
                IncludeRows = filter.IncludeRows, ColumnInfo = filter.ColumnInfo, IncludeScratch = true,
            };
            var skipScratch = !filter.IncludeScratch && !ScratchEventGate.Named(filter);
            filter.ScratchLeftOut = 0;
            var ops = SetOrNull(filter.Operations);
            var dbs = SetOrNull(filter.Databases);
            List<BinlogEventInfo> current = null;
            foreach (var e in Events(files, unfiltered, cancellationToken))
            {
                if (e.TransactionFile == null) continue; // bookkeeping events belong to no transaction
                if (current != null && (current[0].TransactionFile != e.TransactionFile || current[0].TransactionPosition != e.TransactionPosition))
                {
                    var t = Build(current, complete: false);
                    if (Wanted(t, current, dbs, ops, filter.Tables) && !LeftOutAsScratch(current, skipScratch, filter)) yield return t;
                    current = null;
                }
                if (current == null) current = new List<BinlogEventInfo>();
                current.Add(e);
                if (IsEnd(e))
                {
                    var t = Build(current, complete: true);
                    if (Wanted(t, current, dbs, ops, filter.Tables) && !LeftOutAsScratch(current, skipScratch, filter)) yield return t;
                    current = null;
                }
            }
            if (current != null)
            {
                var t = Build(current, complete: false);
                if (Wanted(t, current, dbs, ops, filter.Tables) && !LeftOutAsScratch(current, skipScratch, filter)) yield return t;
            }
        }

        private static bool IsEnd(BinlogEventInfo e) => e.EndsTransaction;

        private static bool LeftOutAsScratch(List<BinlogEventInfo> events, bool skipScratch, BinlogEventFilter filter)
        {
            if (!skipScratch || !ScratchEventGate.IsScratchTransaction(events)) return false;
            filter.ScratchLeftOut++;
            return true;
        }

        private static bool Wanted(BinlogTransactionInfo t, List<BinlogEventInfo> events, HashSet<string> dbs, HashSet<string> ops, string[] tables)
        {
            if (dbs != null && !events.Any(e => DatabaseMatches(e, dbs))) return false;
            if (ops != null && !events.Any(e => e.Operation != null && ops.Contains(e.Operation))) return false;
            if (tables != null && !events.Any(e => TableMatches(e, tables))) return false;
            return true;
        }

        private static BinlogTransactionInfo Build(List<BinlogEventInfo> events, bool complete)
        {
            var first = events[0];
            var last = events[events.Count - 1];
            return new BinlogTransactionInfo
            {
                File = first.TransactionFile,
                Position = first.TransactionPosition,
                EndFile = last.File,
                EndPosition = last.EndPosition,
                TimeUtc = first.TimeUtc,
                Time = first.Time,
                EndTimeUtc = last.TimeUtc,
                EndTime = last.Time,
                Gtid = events.Select(e => e.Gtid).FirstOrDefault(g => g != null),
                Databases = events.Where(e => !string.IsNullOrEmpty(e.Database)).Select(e => e.Database).Distinct().ToArray(),
                Tables = events.SelectMany(e => e.Tables ?? Array.Empty<string>()).Distinct().ToArray(),
                Operations = events.Where(e => e.Operation != null && e.Operation != "Begin" && e.Operation != "Commit").Select(e => e.Operation).Distinct().ToArray(),
                EventCount = events.Count,
                RowCount = events.Sum(e => e.RowCount),
                Complete = complete,
                Events = events.ToArray(),
            };
        }

        private static HashSet<string> SetOrNull(string[] values) =>
            values != null && values.Length > 0 ? new HashSet<string>(values, StringComparer.OrdinalIgnoreCase) : null;

        /// <summary>A multi-table statement matches -Table when any of its tables does.</summary>
        private static bool TableMatches(BinlogEventInfo info, string[] tables)
        {
            foreach (var name in info.Tables ?? Array.Empty<string>())
            {
                var dot = name.IndexOf('.');
                if (BinlogTableFilter.Matches(dot < 0 ? null : name.Substring(0, dot), dot < 0 ? name : name.Substring(dot + 1), tables, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        /// <summary>-Database matches the event's default database or the database of any table it changes.</summary>
        private static bool DatabaseMatches(BinlogEventInfo info, HashSet<string> dbs)
        {
            if (info.Database != null && dbs.Contains(info.Database)) return true;
            foreach (var name in info.Tables ?? Array.Empty<string>())
            {
                var dot = name.IndexOf('.');
                if (dot > 0 && dbs.Contains(name.Substring(0, dot))) return true;
            }
            return false;
        }

        private static OrderedDictionary ToDictionary(ColumnValue[] image, TableMapEventData map)
        {
            if (image == null) return null;
            var d = new OrderedDictionary(image.Length, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < image.Length; i++)
            {
                if (image[i].IsMissing) continue;
                var names = image[i].Kind == ColumnValueKind.Enum ? map.EnumValues?[i] : image[i].Kind == ColumnValueKind.Set ? map.SetValues?[i] : null;
                var name = map.ColumnName(i);
                if (d.Contains(name)) name = "@" + (i + 1);
                d[name] = image[i].ToObject(names);
            }
            return d;
        }

        private static string OperationOf(string verb)
        {
            var word = verb ?? string.Empty;
            switch (word)
            {
                case "BEGIN": return "Begin";
                case "COMMIT": return "Commit";
                case "INSERT": case "REPLACE": return "Insert";
                case "UPDATE": return "Update";
                case "DELETE": return "Delete";
                default: return Array.IndexOf(DdlWords, word) >= 0 ? "Ddl" : "Statement";
            }
        }

        private static BinlogEventInfo Describe(BinlogEvent ev, TransactionPosition txn)
        {
            var info = new BinlogEventInfo
            {
                File = ev.File,
                Position = ev.Position,
                EndPosition = ev.IsInPayload ? ev.Container.Position + ev.Container.Length : ev.Position + ev.Length,
                TimeUtc = ev.TimeUtc,
                Time = ev.TimeUtc.ToLocalTime(),
                Type = ev.TypeName,
                ServerId = ev.ServerId,
                Gtid = txn.Gtid,
                TransactionFile = txn.IsOutside ? null : txn.StartFile,
                TransactionPosition = txn.IsOutside ? 0 : txn.StartPosition,
                EndsTransaction = txn.IsEnd,
            };
            switch (ev.Data)
            {
                case QueryEventData q: info.Database = q.Database; info.Sql = q.Sql; break;
                case RowsQueryEventData rq: info.Sql = rq.Sql; break;
                case RotateEventData r: info.Sql = "-- next file " + r.NextFile; break;
                case XidEventData x: info.Operation = "Commit"; info.Sql = "COMMIT /* xid=" + x.Xid + " */"; break;
                case FormatDescriptionEventData fd: info.Sql = $"-- {fd.Flavor} {fd.ServerVersion}, binlog v{fd.BinlogVersion}, checksum {(fd.HasChecksums ? "CRC32" : "NONE")}"; break;
                case IncidentEventData inc: info.Sql = "-- incident: " + inc.Message; break;
                case PreviousGtidsEventData pg: info.Sql = "-- " + pg.GtidSet; break;
                case GtidListEventData gl: info.Sql = "-- " + string.Join(",", gl.Gtids); break;
                case IntvarEventData iv: info.Sql = $"SET {iv.VariableName}={iv.Value}"; break;
                case RandEventData rd: info.Sql = $"SET @@RAND_SEED1={rd.Seed1}, @@RAND_SEED2={rd.Seed2}"; break;
                case UserVarEventData uv: info.Sql = $"SET @`{uv.Name}`:={uv.ToSqlExpression()}"; break;
            }
            return info;
        }

        private static DateTime? ToUtc(DateTime? t) => t == null ? (DateTime?)null : t.Value.Kind == DateTimeKind.Utc ? t.Value : t.Value.ToUniversalTime();
    }
}
