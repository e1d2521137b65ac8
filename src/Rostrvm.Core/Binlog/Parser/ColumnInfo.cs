
namespace Rostrvm.Core.Binlog
{
    /// <summary>What a schema knows about one column.</summary>
    public sealed class ColumnInfo
    {
        public ColumnInfo(string name, bool isUnsigned = false, int collationId = 0, string[]? values = null)
        {
            Name = name;
            IsUnsigned = isUnsigned;
            CollationId = collationId;
            Values = values;
        }

        /// <summary>The members of an ENUM or SET column, in order; null otherwise.</summary>
        public string[]? Values { get; }

        public string Name { get; }
        public bool IsUnsigned { get; }

        /// <summary>Collation id of a character column (63 = binary); 0 when not a character column or unknown.</summary>
        public int CollationId { get; }
    }
}
