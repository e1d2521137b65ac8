using System.Collections.Specialized;
using Rostrvm.Core.Binlog;

namespace Rostrvm.Core.Flashback
{
    /// <summary>
    /// The inverse of one row of a rows event of the transaction being undone. Built from the
    /// binlog, it keeps the rows event (its bytes, shared by the event's rows), where the row starts
    /// and its key hashes, and decodes the images again each time they are asked for: an undo of
    /// many rows holds their bytes, not a decoded copy of every value.
    /// </summary>
    public sealed class RowInverse
    {
        private readonly object _source; // the rows event holding the row, or the images given
        private readonly int _offset;

        public RowInverse(FlashbackTable table, InverseKind kind, OrderedDictionary? current, OrderedDictionary? restore,
            string transaction)
        {
            Table = table;
            Kind = kind;
            Transaction = transaction;
            var key = RowKey.Of(table, kind == InverseKind.Insert ? restore : current);
            _source = new Images(current, restore, key);
            HasKey = key != null;
            if (key != null) KeyHash = RowKeyHash.Of(table, key);
            var restoreKey = RowKey.Of(table, restore);
            HasRestoreKey = restoreKey != null;
            if (restoreKey != null) RestoreKeyHash = RowKeyHash.Of(table, restoreKey);
            KeyChanged = key != restoreKey;
        }

        /// <summary>The row that starts at <paramref name="offset"/> of <paramref name="rowsEvent"/>, with its keys' text as
        /// read while building (hashed here, not kept).</summary>
        internal RowInverse(FlashbackTable table, InverseKind kind, RowsEventData rowsEvent, int offset, string? key,
            string? restoreKey, string transaction)
        {
            Table = table;
            Kind = kind;
            _source = rowsEvent;
            _offset = offset;
            Transaction = transaction;
            HasKey = key != null;
            if (key != null) KeyHash = RowKeyHash.Of(table, key);
            HasRestoreKey = restoreKey != null;
            if (restoreKey != null) RestoreKeyHash = RowKeyHash.Of(table, restoreKey);
            KeyChanged = key != restoreKey;
        }

        public FlashbackTable Table { get; }
        public InverseKind Kind { get; }

        /// <summary>The row as the transaction left it (its after-image); null when it deleted the row. Decoded on each call.</summary>
        public OrderedDictionary? Current =>
            Kind == InverseKind.Insert ? null : _source is Images given ? given.Current : Decode(after: true);

        /// <summary>The row as it was before (its before-image); null when the transaction inserted it. Decoded on each call.</summary>
        public OrderedDictionary? Restore =>
            Kind == InverseKind.Delete ? null : _source is Images given ? given.Restore : Decode(after: false);

        // The kind says which images there are: an Insert inverse has Restore, a Delete inverse Current, an Update both.
        // Code that has looked at the kind reads them through these (once per row: each read decodes).
        internal OrderedDictionary CurrentImage => Current!;
        internal OrderedDictionary RestoreImage => Restore!;

        /// <summary>The row's key as text (key columns, or every stored column where the table has no key); null when the
        /// image lacks a key column. Read again from the row on each call.</summary>
        public string? Key =>
            !HasKey ? null : _source is Images given ? given.Key : RowKey.Of(Table, Kind == InverseKind.Insert ? Restore : Current);

        /// <summary>The key of the image the undo puts back (the before-image); null when there is none.</summary>
        internal string? RestoreKey => !HasRestoreKey ? null : Kind == InverseKind.Insert ? Key : RowKey.Of(Table, Restore);

        internal bool HasKey { get; }

        /// <summary>The hash of the table and <see cref="Key"/>; set when <see cref="HasKey"/>.</summary>
        public RowKeyHash KeyHash { get; }

        internal bool HasRestoreKey { get; }

        /// <summary>True when the key text of the two images differs (compared while building, not by hash).</summary>
        internal bool KeyChanged { get; }
        internal RowKeyHash RestoreKeyHash { get; }

        /// <summary>The transaction the row belongs to (GTID, else file:position).</summary>
        public string Transaction { get; }

        /// <summary>What the bad transaction did to the row.</summary>
        public string Operation => Kind == InverseKind.Insert ? "Delete" : Kind == InverseKind.Delete ? "Insert" : "Update";

        private OrderedDictionary? Decode(bool after)
        {
            var reader = ((RowsEventData)_source).ReadRowsAt(_offset);
            reader.Read();
            return BinlogEventQuery.ToDictionary(after ? reader.After : reader.Before, reader.TableMap);
        }

        /// <summary>Images given as dictionaries (tests, callers of the public constructor), with their key.</summary>
        private sealed class Images
        {
            public Images(OrderedDictionary? current, OrderedDictionary? restore, string? key)
            {
                Current = current;
                Restore = restore;
                Key = key;
            }

            public OrderedDictionary? Current { get; }
            public OrderedDictionary? Restore { get; }
            public string? Key { get; }
        }
    }
}
