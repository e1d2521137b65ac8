
namespace Rostrvm.Core.Binlog
{
    public enum BinlogStatementKind
    {
        /// <summary>Session set-up or tear-down around the replay.</summary>
        Session,
        /// <summary>Session context for the next statement (SET TIMESTAMP, sql_mode, INSERT_ID, use...).</summary>
        Context,
        /// <summary>A statement from a Query event.</summary>
        Statement,
        Begin,
        Commit,
        /// <summary>A BINLOG '...' statement: the format description, or table maps with their rows events.</summary>
        Binlog,
        /// <summary>Text for a reader of the script only; never executed.</summary>
        Comment,
    }
}
