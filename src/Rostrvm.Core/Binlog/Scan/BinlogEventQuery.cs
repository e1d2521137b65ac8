using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Threading;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Get-RostrvmBinlogEvent: the events (or transactions) a <see cref="BinlogScan"/> yields for a
    /// range, as objects; rows are decoded only for events every filter said yes to. Events of
    /// scratch databases are left out (unless the range shows them) and counted.
    /// </summary>
    public sealed class BinlogEventQuery
    {
        private readonly BinlogRange _range;

        public BinlogEventQuery(BinlogRange? range)
        {
            _range = range ?? BinlogRange.All;
        }

        /// <summary>Decode the rows of rows events (false: faster, smaller objects).</summary>
        public bool IncludeRows { get; set; } = true;

        public IColumnInfoSource? ColumnInfo { get; set; }

        /// <summary>Events (with <see cref="Transactions"/>, transactions) of scratch databases left out by the last read.</summary>
        public long ScratchLeftOut { get; private set; }

        public IEnumerable<BinlogEventInfo> Events(IEnumerable<string> files, CancellationToken cancellationToken = default)
        {
            ScratchLeftOut = 0;
            var showScratch = _range.ShowsScratch;
            foreach (var (item, info) in Described(files, wantedOnly: true, cancellationToken))
            {
                if (item.Scratch && !showScratch)
                {
                    ScratchLeftOut++;
                    continue;
                }
                yield return info;
            }
        }

        /// <summary>Groups the events into transactions; a transaction is listed when any of its events passes the filters.</summary>
        public IEnumerable<BinlogTransactionInfo> Transactions(IEnumerable<string> files, CancellationToken cancellationToken = default)
        {
            ScratchLeftOut = 0;
            var showScratch = _range.ShowsScratch;
            BinlogScanTransaction? open = null;
            List<BinlogEventInfo>? current = null;
            foreach (var (item, info) in Described(files, wantedOnly: false, cancellationToken))
            {
                if (item.Transaction == null) continue; // bookkeeping events belong to no transaction
                if (current != null && open != null && item.Transaction != open)
                {
                    if (Listed(open, showScratch)) yield return Build(current, complete: false);
                    current = null;
                }
                if (current == null) { current = new List<BinlogEventInfo>(); open = item.Transaction; }
                current.Add(info);
                if (item.Position.IsEnd)
                {
                    if (Listed(item.Transaction, showScratch)) yield return Build(current, complete: true);
                    current = null;
                }
            }
            if (current != null && open != null && Listed(open, showScratch)) yield return Build(current, complete: false);
        }

        private bool Listed(BinlogScanTransaction transaction, bool showScratch)
        {
            if (!transaction.Matched) return false;
            if (showScratch || !transaction.Scratch) return true;
            ScratchLeftOut++;
            return false;
        }

        /// <summary>The scan's events in range as objects: with <paramref name="wantedOnly"/>, only those every filter said yes
        /// to.</summary>
        private IEnumerable<(BinlogScanEvent, BinlogEventInfo)> Described(IEnumerable<string> files, bool wantedOnly,
            CancellationToken cancellationToken)
        {
            var list = files.ToList();
            var first = list.Count > 0 ? Path.GetFullPath(list[0]) : null;
            var startUtc = _range.StartUtc;
            var stopUtc = _range.StopUtc;
            string? annotate = null;
            var scan = new BinlogScan(list, _range) { ColumnInfo = ColumnInfo };
            foreach (var item in scan.Events(cancellationToken))
            {
                var ev = item.Event;
                if (ev.Data is RowsQueryEventData rq) annotate = rq.Sql;
                if (item.IsFormatDescription
                    && (startUtc.HasValue && ev.TimeUtc < startUtc.Value || stopUtc.HasValue && ev.TimeUtc >= stopUtc.Value
                        || ev.File == first && _range.StartPosition.HasValue && _range.StartPosition.Value > 4))
                    continue;
                if (wantedOnly && !item.Matches) continue;
                var info = Describe(item);
                if (ev.Data is QueryEventData) annotate = null;
                if (ev.Data is RowsEventData rows)
                {
                    info.Sql = annotate;
                    if (rows.TableMap != null && IncludeRows)
                    {
                        // Rows are decoded only here, after every filter said yes.
                        var images = new List<BinlogRowImage>();
                        var map = rows.TableMap;
                        foreach (var change in rows.Rows())
                            images.Add(new BinlogRowImage
                            {
                                Operation = change.Operation.ToString(),
                                Before = ToDictionary(change.Before, map),
                                After = ToDictionary(change.After, map),
                            });
                        info.Rows = images.ToArray();
                        info.RowCount = images.Count;
                    }
                }
                yield return (item, info);
            }
        }

        private static BinlogTransactionInfo Build(List<BinlogEventInfo> events, bool complete)
        {
            var first = events[0];
            var last = events[events.Count - 1];
            return new BinlogTransactionInfo
            {
                File = first.TransactionFile!, // every event of a transaction has it
                Position = first.TransactionPosition,
                EndFile = last.File,
                EndPosition = last.EndPosition,
                TimeUtc = first.TimeUtc,
                Time = first.Time,
                EndTimeUtc = last.TimeUtc,
                EndTime = last.Time,
                Gtid = events.Select(e => e.Gtid).FirstOrDefault(g => g != null),
                Databases = events.Select(e => e.Database).OfType<string>().Where(d => d.Length > 0).Distinct().ToArray(),
                Tables = events.SelectMany(e => e.Tables ?? Array.Empty<string>()).Distinct().ToArray(),
                Operations = events.Select(e => e.Operation).OfType<string>().Where(o => o != "Begin" && o != "Commit").Distinct()
                    .ToArray(),
                EventCount = events.Count,
                RowCount = events.Sum(e => e.RowCount),
                Complete = complete,
                Events = events.ToArray(),
            };
        }

        /// <summary>A row image as Get-RostrvmBinlogEvent shows it: column names (or @1, @2...) to values.</summary>
        internal static OrderedDictionary? ToDictionary(ColumnValue[]? image, TableMapEventData map)
        {
            if (image == null) return null;
            var d = new OrderedDictionary(image.Length, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < image.Length; i++)
            {
                if (image[i].IsMissing) continue;
                var names = image[i].Kind == ColumnValueKind.Enum ? map.EnumValues?[i] : image[i].Kind == ColumnValueKind.Set
                    ? map.SetValues?[i] : null;
                var name = map.ColumnName(i);
                if (d.Contains(name)) name = "@" + (i + 1);
                d[name] = image[i].ToObject(names);
            }
            return d;
        }

        private static BinlogEventInfo Describe(BinlogScanEvent item)
        {
            var ev = item.Event;
            var txn = item.Position;
            var info = new BinlogEventInfo
            {
                File = ev.File,
                Position = ev.Position,
                EndPosition = item.EndPosition,
                TimeUtc = ev.TimeUtc,
                Time = ev.TimeUtc.ToLocalTime(),
                Type = ev.TypeName,
                ServerId = ev.ServerId,
                Gtid = txn.Gtid,
                TransactionFile = txn.IsOutside ? null : txn.StartFile,
                TransactionPosition = txn.IsOutside ? 0 : txn.StartPosition,
                EndsTransaction = txn.IsEnd,
                Database = item.Database,
                Table = item.Tables.Count > 0 ? item.Tables[0].Table : null,
                Tables = item.Tables.Select(t => t.QualifiedName).ToArray(),
                Operation = item.Operation,
            };
            switch (ev.Data)
            {
                case QueryEventData q: info.Sql = q.Sql; break;
                case RowsQueryEventData rq: info.Sql = rq.Sql; break;
                case RotateEventData r: info.Sql = "-- next file " + r.NextFile; break;
                case XidEventData x: info.Sql = "COMMIT /* xid=" + x.Xid + " */"; break;
                case FormatDescriptionEventData fd: info.Sql = $"-- {fd.Flavor} {fd.ServerVersion}, binlog v{fd.BinlogVersion}, " +
                    $"checksum {(fd.HasChecksums ? "CRC32" : "NONE")}"; break;
                case IncidentEventData inc: info.Sql = "-- incident: " + inc.Message; break;
                case PreviousGtidsEventData pg: info.Sql = "-- " + pg.GtidSet; break;
                case GtidListEventData gl: info.Sql = "-- " + string.Join(",", gl.Gtids); break;
                case IntvarEventData iv: info.Sql = $"SET {iv.VariableName}={iv.Value}"; break;
                case RandEventData rd: info.Sql = $"SET @@RAND_SEED1={rd.Seed1}, @@RAND_SEED2={rd.Seed2}"; break;
                case UserVarEventData uv: info.Sql = $"SET @`{uv.Name}`:={uv.ToSqlExpression()}"; break;
            }
            return info;
        }

    }
}
