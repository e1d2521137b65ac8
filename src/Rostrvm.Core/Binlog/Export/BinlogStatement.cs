using System;

namespace Rostrvm.Core.Binlog
{
    /// <summary>One SQL statement to replay (no delimiter), with where it came from.</summary>
    public sealed class BinlogStatement
    {
        public BinlogStatementKind Kind { get; internal set; }

        /// <summary>
        /// The statement as text to send over a connection as UTF-8 (character_set_client=utf8mb4):
        /// a logged statement whose bytes are not such text has those literals rewritten losslessly
        /// (<see cref="StatementLiteralRewriter"/>).
        /// </summary>
        public string Sql { get; internal set; } = "";

        /// <summary>
        /// What a script for the plain client holds instead of <see cref="Sql"/>, when not null: a
        /// logged statement's bytes exactly as logged (in <see cref="CharacterSetClient"/>), or the
        /// session's character sets as mysqlbinlog sets them.
        /// </summary>
        public byte[]? ScriptBytes { get; internal set; }

        /// <summary>For a logged statement: the collation id of its session's character_set_client, when the event says.</summary>
        public ushort? CharacterSetClient { get; internal set; }
        public string? File { get; internal set; }
        public long Position { get; internal set; }
        public long EndPosition { get; internal set; }
        public DateTime TimeUtc { get; internal set; }
        public string? Gtid { get; internal set; }

        /// <summary>For LOAD DATA logged in statement format: the statement in parts, for a bulk loader; else null.</summary>
        public LoadDataStatement? LoadData { get; internal set; }

        /// <summary>True for the statement that ends a transaction (COMMIT, a DDL statement).</summary>
        public bool EndsTransaction { get; internal set; }

        /// <summary>
        /// On the statement that ends a transaction: true when something of the transaction was
        /// written (a statement or rows the range wants), false when only its BEGIN/COMMIT were
        /// (a transaction of another database).
        /// </summary>
        public bool TransactionWritten { get; internal set; }

        public bool IsExecutable => Kind != BinlogStatementKind.Comment;
        public override string ToString() => Sql;
    }
}
