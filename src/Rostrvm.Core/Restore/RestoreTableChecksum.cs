
namespace Rostrvm.Core.Restore
{
    /// <summary>One table after a restore: CHECKSUM TABLE and row count.</summary>
    public sealed class RestoreTableChecksum
    {
        public string Table { get; set; } = "";
        public long Rows { get; set; }
        public long? Checksum { get; set; }
    }
}
