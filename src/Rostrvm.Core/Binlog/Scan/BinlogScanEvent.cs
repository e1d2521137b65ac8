using System;
using System.Collections.Generic;

namespace Rostrvm.Core.Binlog
{
    /// <summary>One event as a <see cref="BinlogScan"/> yields it, with what the scan knows of it.</summary>
    public sealed class BinlogScanEvent
    {
        internal BinlogScanEvent(BinlogEvent ev, BinlogReader reader)
        {
            Event = ev;
            Reader = reader;
        }

        public BinlogEvent Event { get; internal set; }

        /// <summary>The reader of the event's file (its format description, for BINLOG statements).</summary>
        public BinlogReader Reader { get; internal set; }

        /// <summary>Where the event stands in its transaction.</summary>
        public TransactionPosition Position { get; internal set; }

        /// <summary>The event's transaction; null for events outside any (format description, rotate...).</summary>
        public BinlogScanTransaction? Transaction { get; internal set; }

        /// <summary>Insert, Update, Delete, Ddl, Statement, Begin, Commit, or null.</summary>
        public string? Operation { get; internal set; }

        /// <summary>A statement's default database, a table map's or rows event's database.</summary>
        public string? Database { get; internal set; }

        /// <summary>The tables the event changes (a rows event's table, the tables a statement's SQL names).</summary>
        public IReadOnlyList<TableName> Tables { get; internal set; } = Array.Empty<TableName>();

        /// <summary>For statements: what their SQL changes; else null.</summary>
        public StatementTables? Statement { get; internal set; }

        /// <summary>True when the event passes the range's database, table and operation filters (always, without filters).</summary>
        public bool Matches { get; internal set; }

        /// <summary>True when the event belongs to a scratch database (named by it, or by its transaction).</summary>
        public bool Scratch { get; internal set; }

        /// <summary>True for events the scan yields after its stop (<see cref="BinlogScan.ContinueAfterStop"/>): not in the
        /// range.</summary>
        public bool AfterStop { get; internal set; }

        public bool IsFormatDescription => Event.Type == BinlogEventType.FormatDescription;

        /// <summary>Where the event ends in its file: for an event inside a compressed transaction, where the payload event ends.</summary>
        public long EndPosition =>
            Event.Container != null ? Event.Container.Position + Event.Container.Length : Event.Position + Event.Length;
    }
}
