using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Flashback
{
    /// <summary>
    /// Turns a transaction's row events into their inverses, last change first. Refuses what the
    /// log cannot take back: statements logged as text, DDL, partial row images
    /// (binlog_row_image MINIMAL/NOBLOB, MySQL's partial JSON updates), an unfinished transaction.
    /// </summary>
    public static class InverseBuilder
    {
        public static List<RowInverse> Build(BinlogTransactionInfo transaction, Func<string, string, FlashbackTable?> tableOf)
        {
            var id = IdOf(transaction);
            if (!transaction.Complete)
                throw new RostrvmException("UndoTransactionIncomplete", FailureKind.InvalidData,
                    $"The transaction {id} has no commit in the binlogs read; give the binlog that holds its end (-Path).", id);
            var inverses = new List<RowInverse>();
            foreach (var e in transaction.Events)
            {
                if (e.Rows == null)
                {
                    Refuse(e, id);
                    continue;
                }
                // Decoded rows come with their table map, which names the database and table.
                var table = tableOf(e.Database!, e.Table!)
                    ?? throw new RostrvmException("UndoTableNotFound", FailureKind.ObjectNotFound,
                        $"The table {e.Database}.{e.Table} changed by {id} is not on the server; it was dropped or renamed since: " +
                            "restore it (Restore-RostrvmDatabase -ExcludeTransaction).", e.Database + "." + e.Table);
                foreach (var row in e.Rows)
                {
                    switch (row.Operation)
                    {
                        case "Insert":
                            Complete(table, row.After, e, id);
                            inverses.Add(new RowInverse(table, InverseKind.Delete, row.After, null, id));
                            break;
                        case "Delete":
                            Complete(table, row.Before, e, id);
                            inverses.Add(new RowInverse(table, InverseKind.Insert, null, row.Before, id));
                            break;
                        default:
                            Complete(table, row.Before, e, id);
                            Complete(table, row.After, e, id);
                            inverses.Add(new RowInverse(table, InverseKind.Update, row.After, row.Before, id));
                            break;
                    }
                }
            }
            inverses.Reverse();
            return inverses;
        }

        /// <summary>
        /// The inverses of a transaction as <see cref="BinlogScan"/> yields its events, last change
        /// first: each row is decoded here once, to check it and hash its keys, and kept as its place
        /// in its rows event's bytes (<see cref="RowInverse"/> decodes it again when a statement is written).
        /// </summary>
        internal static List<RowInverse> Build(string id, bool complete, IEnumerable<BinlogScanEvent> events,
            Func<string, string, FlashbackTable?> tableOf)
        {
            if (!complete)
                throw new RostrvmException("UndoTransactionIncomplete", FailureKind.InvalidData,
                    $"The transaction {id} has no commit in the binlogs read; give the binlog that holds its end (-Path).", id);
            var inverses = new List<RowInverse>();
            foreach (var item in events)
            {
                var e = new BinlogEventInfo
                {
                    File = item.Event.File, Position = item.Event.Position, Type = item.Event.TypeName, Operation = item.Operation,
                    Sql = item.Event.Data is QueryEventData q ? q.Sql : null,
                };
                if (!(item.Event.Data is RowsEventData rows) || rows.TableMap == null)
                {
                    Refuse(e, id);
                    continue;
                }
                var map = rows.TableMap;
                var table = tableOf(map.Database, map.Table)
                    ?? throw new RostrvmException("UndoTableNotFound", FailureKind.ObjectNotFound,
                        $"The table {map.Database}.{map.Table} changed by {id} is not on the server; it was dropped or renamed since: " +
                            "restore it (Restore-RostrvmDatabase -ExcludeTransaction).", map.Database + "." + map.Table);
                var reader = rows.ReadRows();
                for (var offset = reader.Offset; reader.Read(); offset = reader.Offset)
                {
                    var before = BinlogEventQuery.ToDictionary(reader.Before, map);
                    var after = BinlogEventQuery.ToDictionary(reader.After, map);
                    switch (rows.Operation)
                    {
                        case RowOperation.Insert:
                            Complete(table, after, e, id);
                            inverses.Add(new RowInverse(table, InverseKind.Delete, rows, offset, RowKey.Of(table, after), null, id));
                            break;
                        case RowOperation.Delete:
                            Complete(table, before, e, id);
                            var key = RowKey.Of(table, before);
                            inverses.Add(new RowInverse(table, InverseKind.Insert, rows, offset, key, key, id));
                            break;
                        default:
                            Complete(table, before, e, id);
                            Complete(table, after, e, id);
                            inverses.Add(new RowInverse(table, InverseKind.Update, rows, offset, RowKey.Of(table, after),
                                RowKey.Of(table, before), id));
                            break;
                    }
                }
            }
            inverses.Reverse();
            return inverses;
        }

        /// <summary>GTID, else file:position: how the transaction is named in results and errors.</summary>
        public static string IdOf(BinlogTransactionInfo t) => t.Gtid ?? Path.GetFileName(t.File) + ":" + t.Position;

        internal static string IdOf(BinlogScanTransaction t) => t.Gtid ?? Path.GetFileName(t.StartFile) + ":" + t.StartPosition;

        private static void Refuse(BinlogEventInfo e, string id)
        {
            var where = $"{Path.GetFileName(e.File)}:{e.Position}";
            if (IsRowsEvent(e.Type))
                throw new RostrvmException("UndoTableMapMissing", FailureKind.InvalidData,
                    $"The rows event of {id} at {where} could not be decoded (no table map before it); give the binlog from the " +
                        "transaction's start.", id);
            switch (e.Operation)
            {
                case "Ddl":
                    throw new RostrvmException("UndoDdlInTransaction", FailureKind.InvalidOperation,
                        $"The transaction {id} holds DDL at {where} ({Short(e.Sql)}); a schema change cannot be reversed from the log: " +
                            "restore with Restore-RostrvmDatabase -ExcludeTransaction.", id);
                case "Insert":
                case "Update":
                case "Delete":
                case "Statement":
                    throw new RostrvmException("UndoStatementLogged", FailureKind.InvalidOperation,
                        $"The transaction {id} holds a statement logged as text at {where} ({Short(e.Sql)}); its rows are not in the log " +
                            "(binlog_format STATEMENT or MIXED), so it cannot be reversed: restore with Restore-RostrvmDatabase " +
                            "-ExcludeTransaction, and set binlog_format=ROW.", id);
            }
        }

        private static bool IsRowsEvent(string? type) =>
            type != null && (type.StartsWith("Write_rows", StringComparison.Ordinal) || type.StartsWith("Update_rows",
                StringComparison.Ordinal)
                             || type.StartsWith("Delete_rows", StringComparison.Ordinal) || type.StartsWith("Partial_update_rows",
                                 StringComparison.Ordinal));

        /// <summary>Every column in the image: a partial image cannot say what to put back or prove what is there.</summary>
        private static void Complete(FlashbackTable table, OrderedDictionary? image, BinlogEventInfo e, string id)
        {
            var where = $"{Path.GetFileName(e.File)}:{e.Position}";
            if (image == null || image.Count < table.Columns.Length || image.Values.OfType<string>().Any(IsJsonDiff)
                && table.Json.Count > 0)
                throw new RostrvmException("UndoPartialRowImage", FailureKind.InvalidData,
                    $"The rows event of {id} on {table.DisplayName} at {where} holds partial row images ({image?.Count ?? 0} " +
                        $"of {table.Columns.Length} columns: the server logged it with binlog_row_image MINIMAL or NOBLOB, or a partial " +
                        "JSON update); the rows cannot be put back from it: restore with Restore-RostrvmDatabase -ExcludeTransaction, " +
                        "and set binlog_row_image=FULL.", id);
            foreach (var column in table.Columns)
                if (!image.Contains(column))
                    throw new RostrvmException("UndoTableChanged", FailureKind.InvalidData,
                        $"The rows event of {id} on {table.DisplayName} at {where} does not name the column '{column}' the table has now " +
                            "(its columns changed since, or their names are unknown); restore with Restore-RostrvmDatabase " +
                            "-ExcludeTransaction.", id);
        }

        private static bool IsJsonDiff(string s) =>
            s.StartsWith("JSON_REPLACE(", StringComparison.Ordinal) || s.StartsWith("JSON_SET(", StringComparison.Ordinal)
                || s.StartsWith("JSON_REMOVE(", StringComparison.Ordinal);

        private static string Short(string? sql)
        {
            if (sql == null || sql.Length == 0) return "no text";
            sql = sql.Replace('\n', ' ').Trim();
            return sql.Length > 80 ? sql.Substring(0, 77) + "..." : sql;
        }
    }
}
