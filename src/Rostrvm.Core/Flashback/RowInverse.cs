using System.Collections.Specialized;

namespace Rostrvm.Core.Flashback
{
    /// <summary>The inverse of one row of a rows event of the transaction being undone.</summary>
    public sealed class RowInverse
    {
        public RowInverse(FlashbackTable table, InverseKind kind, OrderedDictionary? current, OrderedDictionary? restore,
            string transaction)
        {
            Table = table;
            Kind = kind;
            Current = current;
            Restore = restore;
            Transaction = transaction;
            Key = RowKey.Of(table, kind == InverseKind.Insert ? restore : current);
        }

        public FlashbackTable Table { get; }
        public InverseKind Kind { get; }

        /// <summary>The row as the transaction left it (its after-image); null when it deleted the row.</summary>
        public OrderedDictionary? Current { get; }

        /// <summary>The row as it was before (its before-image); null when the transaction inserted it.</summary>
        public OrderedDictionary? Restore { get; }

        // The kind says which images there are: an Insert inverse has Restore, a Delete inverse Current, an Update both.
        // Code that has looked at the kind reads them through these.
        internal OrderedDictionary CurrentImage => Current!;
        internal OrderedDictionary RestoreImage => Restore!;

        /// <summary>The row's key as text (key columns, or every stored column where the table has no key); null when the
        /// image lacks a key column.</summary>
        public string? Key { get; }

        /// <summary>The transaction the row belongs to (GTID, else file:position).</summary>
        public string Transaction { get; }

        /// <summary>What the bad transaction did to the row.</summary>
        public string Operation => Kind == InverseKind.Insert ? "Delete" : Kind == InverseKind.Delete ? "Insert" : "Update";
    }
}
