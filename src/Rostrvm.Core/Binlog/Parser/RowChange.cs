
namespace Rostrvm.Core.Binlog
{
    /// <summary>One row change with its own value arrays.</summary>
    public sealed class RowChange
    {
        public RowChange(RowOperation operation, ColumnValue[]? before, ColumnValue[]? after)
        {
            Operation = operation;
            Before = before;
            After = after;
        }

        public RowOperation Operation { get; }
        public ColumnValue[]? Before { get; }
        public ColumnValue[]? After { get; }
    }
}
