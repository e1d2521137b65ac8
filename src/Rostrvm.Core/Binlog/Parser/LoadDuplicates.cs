
namespace Rostrvm.Core.Binlog
{
    /// <summary>How a LOAD DATA statement treated duplicate keys.</summary>
    public enum LoadDuplicates : byte
    {
        Error = 0,
        Ignore = 1,
        Replace = 2,
    }
}
