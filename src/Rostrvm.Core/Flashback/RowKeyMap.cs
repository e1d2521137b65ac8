using System.Collections.Generic;

namespace Rostrvm.Core.Flashback
{
    /// <summary>
    /// Row keys to values, holding per key its 16-byte hash and where its text can be read again,
    /// never the text itself. A hash found is confirmed on the text, so keys that share a hash
    /// (not expected of XXH128, but possible) are kept apart in a list of their own.
    /// </summary>
    public sealed class RowKeyMap<TValue>
    {
        private readonly Dictionary<RowKeyHash, Entry> _entries;
        // Keys whose hash an earlier key already has.
        private readonly List<(RowKeyHash Hash, Entry Entry)> _shared = new List<(RowKeyHash, Entry)>();

        /// <summary>With room for <paramref name="capacity"/> keys: a map grown one key at a time leaves its smaller tables
        /// behind as garbage on the large object heap.</summary>
        public RowKeyMap(int capacity = 0)
        {
            _entries = new Dictionary<RowKeyHash, Entry>(capacity);
        }

        public int Count => _entries.Count + _shared.Count;

        /// <summary>A map of the keys whose value passes <paramref name="keep"/>.</summary>
        public RowKeyMap<TValue> Where(System.Func<TValue, bool> keep)
        {
            var kept = new RowKeyMap<TValue>();
            foreach (var pair in _entries)
                if (keep(pair.Value.Value)) kept._entries[pair.Key] = pair.Value;
            foreach (var shared in _shared)
                if (keep(shared.Entry.Value)) kept.Set(shared.Hash, shared.Entry.Key, shared.Entry.Value);
            return kept;
        }

        /// <summary>Cheap first test: false when no key has this hash.</summary>
        public bool MayContain(RowKeyHash hash) => _entries.ContainsKey(hash);

        public bool TryGetValue(RowKeyHash hash, RowKeyRef key, out TValue value)
        {
            var at = Find(hash, key, out var entry);
            value = at == Missing ? default! : entry.Value;
            return at != Missing;
        }

        /// <summary>Sets the key's value; a key already there keeps the row its text is read from.</summary>
        public void Set(RowKeyHash hash, RowKeyRef key, TValue value)
        {
            var at = Find(hash, key, out var entry);
            if (at == Missing && !_entries.ContainsKey(hash)) _entries[hash] = new Entry(key, value);
            else if (at == Missing) _shared.Add((hash, new Entry(key, value)));
            else if (at == Primary) _entries[hash] = new Entry(entry.Key, value);
            else _shared[at] = (hash, new Entry(entry.Key, value));
        }

        public void Remove(RowKeyHash hash, RowKeyRef key)
        {
            var at = Find(hash, key, out _);
            if (at == Missing) return;
            if (at >= 0)
            {
                _shared.RemoveAt(at);
                return;
            }
            _entries.Remove(hash);
            // A key that shared the hash takes the free place.
            var next = _shared.FindIndex(e => e.Hash.Equals(hash));
            if (next < 0) return;
            _entries[hash] = _shared[next].Entry;
            _shared.RemoveAt(next);
        }

        private const int Missing = -2;
        private const int Primary = -1;

        /// <summary>Primary, an index in the shared list, or Missing.</summary>
        private int Find(RowKeyHash hash, RowKeyRef key, out Entry entry)
        {
            entry = default;
            if (!_entries.TryGetValue(hash, out var first)) return Missing;
            var text = key.Text;
            if (first.Key.Text == text)
            {
                entry = first;
                return Primary;
            }
            for (var i = 0; i < _shared.Count; i++)
                if (_shared[i].Hash.Equals(hash) && _shared[i].Entry.Key.Text == text)
                {
                    entry = _shared[i].Entry;
                    return i;
                }
            return Missing;
        }

        private readonly struct Entry
        {
            public Entry(RowKeyRef key, TValue value)
            {
                Key = key;
                Value = value;
            }

            public RowKeyRef Key { get; }
            public TValue Value { get; }
        }
    }
}
