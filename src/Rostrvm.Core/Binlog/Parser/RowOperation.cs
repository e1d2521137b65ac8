namespace Rostrvm.Core.Binlog
{
    /// <summary>What a rows event does to its rows.</summary>
    public enum RowOperation
    {
        Insert,
        Update,
        Delete,
    }
}
