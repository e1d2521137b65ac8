using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>Where an event stands in its transaction (event group).</summary>
    public struct TransactionPosition
    {
        /// <summary>True for events that belong to no transaction (format description, rotate, GTID lists...).</summary>
        public bool IsOutside;

        /// <summary>File and position of the transaction's first event (its GTID event, BEGIN, or the statement itself).</summary>
        public string? StartFile;
        public long StartPosition;
        public DateTime StartTimeUtc;

        /// <summary>The transaction's GTID, or null (anonymous / no GTIDs).</summary>
        public string? Gtid;

        /// <summary>True for the transaction's first event.</summary>
        public bool IsStart;

        /// <summary>True for the event that ends the transaction (Xid, COMMIT, a DDL statement).</summary>
        public bool IsEnd;
    }
}
