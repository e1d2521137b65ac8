using System.Collections.Generic;
using System.Collections.Specialized;
using Rostrvm.Core.Flashback;
using Xunit;

namespace Rostrvm.Tests.Unit.Flashback
{
    /// <summary>The undo keeps a 16-byte hash per row key; keys that share a hash must still be told apart.</summary>
    public class RowKeyMapTests
    {
        private static readonly FlashbackTable Table = new FlashbackTable("db", "t", new[] { "id", "note" }, new[] { "id" });

        private static RowInverse PutBack(long id) =>
            new RowInverse(Table, InverseKind.Insert, null, new OrderedDictionary { ["id"] = id, ["note"] = "n" + id }, "0-1-9");

        [Fact]
        public void Equal_keys_hash_alike_and_different_keys_do_not()
        {
            Assert.Equal(RowKeyHash.Of(Table, "id=1"), PutBack(1).KeyHash);
            Assert.NotEqual(PutBack(1).KeyHash, PutBack(2).KeyHash);
            var other = new FlashbackTable("db", "u", new[] { "id" }, new[] { "id" });
            Assert.NotEqual(RowKeyHash.Of(Table, "id=1"), RowKeyHash.Of(other, "id=1"));
        }

        [Fact]
        public void Keys_that_share_a_hash_are_kept_apart_by_their_text()
        {
            var same = new RowKeyHash(42, 7); // as if XXH128 gave both keys one hash
            var one = PutBack(1);
            var two = PutBack(2);
            var map = new RowKeyMap<string>();
            map.Set(same, RowKeyRef.Of(one, restoreImage: false), "one");
            Assert.True(map.MayContain(same));
            Assert.False(map.TryGetValue(same, RowKeyRef.Of(two, restoreImage: false), out _));
            map.Set(same, RowKeyRef.Of(two, restoreImage: false), "two");
            Assert.Equal(2, map.Count);
            Assert.True(map.TryGetValue(same, RowKeyRef.Of("id=1"), out var first));
            Assert.Equal("one", first);
            Assert.True(map.TryGetValue(same, RowKeyRef.Of(two, restoreImage: true), out var second));
            Assert.Equal("two", second);

            // Setting a key again changes its value only; removing the first leaves the second found.
            map.Set(same, RowKeyRef.Of("id=2"), "two again");
            Assert.True(map.TryGetValue(same, RowKeyRef.Of(two, restoreImage: false), out second));
            Assert.Equal("two again", second);
            map.Remove(same, RowKeyRef.Of(one, restoreImage: false));
            Assert.Equal(1, map.Count);
            Assert.False(map.TryGetValue(same, RowKeyRef.Of("id=1"), out _));
            Assert.True(map.TryGetValue(same, RowKeyRef.Of("id=2"), out second));
            Assert.Equal("two again", second);
            Assert.Equal(0, map.Where(v => v != "two again").Count);
        }

        [Fact]
        public void A_row_changed_twice_is_one_chain_and_other_rows_are_their_own()
        {
            // Last change first: the row 1 put back by two inverses (deleted, then inserted and deleted again), row 2 once.
            var rows = new List<RowInverse>
            {
                PutBack(1),
                new RowInverse(Table, InverseKind.Delete, new OrderedDictionary { ["id"] = 1L, ["note"] = "x" }, null, "0-1-9"),
                PutBack(1),
                PutBack(2),
            };
            var heads = RowChains.HeadsOf(rows);
            Assert.Same(rows[0], heads[rows[0]]);
            Assert.Same(rows[0], heads[rows[1]]);
            Assert.Same(rows[0], heads[rows[2]]);
            Assert.Same(rows[3], heads[rows[3]]);
        }
    }
}
