using System.Collections.Specialized;

namespace Rostrvm.Core.Binlog
{
    /// <summary>One row of a rows event; Before/After map column names (or @1, @2...) to values.</summary>
    public sealed class BinlogRowImage
    {
        public string Operation { get; set; } = "";
        public OrderedDictionary? Before { get; set; }
        public OrderedDictionary? After { get; set; }
    }
}
