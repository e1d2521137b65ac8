using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// Groups events into transactions the way the servers write them: a GTID event (MySQL,
    /// MariaDB) or a BEGIN starts one; Xid, COMMIT/ROLLBACK or a statement outside BEGIN ends it.
    /// Context events (Intvar, Rand, User_var) join the statement after them. Used by
    /// Get-RostrvmBinlogEvent -Transaction, the SQL writer and the restore engine.
    /// </summary>
    public sealed class BinlogTransactionTracker
    {
        private bool _open;
        private bool _inBegin;
        private TransactionPosition _current;

        public TransactionPosition Observe(BinlogEvent ev)
        {
            switch (ev.Type)
            {
                case BinlogEventType.FormatDescription:
                case BinlogEventType.Rotate:
                case BinlogEventType.PreviousGtids:
                case BinlogEventType.GtidList:
                case BinlogEventType.BinlogCheckpoint:
                case BinlogEventType.Stop:
                case BinlogEventType.Heartbeat:
                case BinlogEventType.HeartbeatV2:
                case BinlogEventType.StartEncryption:
                case BinlogEventType.Incident:
                    if (ev.Type == BinlogEventType.FormatDescription || ev.Type == BinlogEventType.Stop)
                    {
                        _open = false;
                        _inBegin = false;
                    }
                    return new TransactionPosition { IsOutside = true };
                case BinlogEventType.TransactionPayload:
                    // The payload holds the whole transaction; its inner events follow it.
                    return new TransactionPosition { IsOutside = true };
            }

            var isStart = false;
            if (ev.Data is GtidEventDataBase gtid)
            {
                Start(ev, gtid.Gtid);
                isStart = true;
                if (gtid is MariaDbGtidEventData m && !m.IsStandalone) _inBegin = true;
                return Result(isStart, isEnd: false);
            }
            if (!_open)
            {
                Start(ev, null);
                isStart = true;
            }
            var isEnd = false;
            switch (ev.Data)
            {
                case XidEventData _:
                    isEnd = true;
                    break;
                case QueryEventData q:
                    {
                        var sql = q.Sql.TrimStart();
                        if (StartsWith(sql, "BEGIN") || StartsWith(sql, "START TRANSACTION") || StartsWith(sql, "XA START"))
                        {
                            _inBegin = true;
                        }
                        else if (StartsWith(sql, "COMMIT") || StartsWith(sql, "ROLLBACK") || StartsWith(sql, "XA COMMIT")
                                 || StartsWith(sql, "XA ROLLBACK") || StartsWith(sql, "XA PREPARE"))
                        {
                            isEnd = true;
                        }
                        else if (!_inBegin)
                        {
                            isEnd = true; // DDL or a statement in autocommit mode
                        }
                        break;
                    }
                case XaPrepareEventData _:
                    isEnd = true;
                    break;
            }
            return Result(isStart, isEnd);
        }

        private static bool StartsWith(string sql, string word) =>
            sql.StartsWith(word, StringComparison.OrdinalIgnoreCase)
            && (sql.Length == word.Length || !char.IsLetterOrDigit(sql[word.Length]) && sql[word.Length] != '_');

        private void Start(BinlogEvent ev, string? gtid)
        {
            _open = true;
            _inBegin = false;
            _current = new TransactionPosition
            {
                StartFile = ev.File,
                StartPosition = ev.Position,
                StartTimeUtc = ev.TimeUtc,
                Gtid = gtid,
            };
        }

        private TransactionPosition Result(bool isStart, bool isEnd)
        {
            var result = _current;
            result.IsStart = isStart;
            result.IsEnd = isEnd;
            if (isEnd) { _open = false; _inBegin = false; }
            return result;
        }
    }
}
