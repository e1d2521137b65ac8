using System;
using System.Runtime;

namespace Rostrvm.Core.Runtime
{
    /// <summary>
    /// Keeps a streaming job's garbage from becoming its peak memory. Statements, rows and bodies of
    /// a megabyte or more are strings and arrays on the large object heap, which only a full
    /// collection frees; left to itself the runtime lets tens of MB of them pile up (and fragment
    /// the heap) before it collects, in a big host such as pwsh. Collecting, with the large object
    /// heap compacted, each time the heap has grown by a set amount is cheap there (little is
    /// alive) and keeps the peak near what the job really holds. A setting such as
    /// GCHeapHardLimit would do it without code, but Windows PowerShell 5.1 has none.
    /// </summary>
    internal sealed class HeapGrowthLimit
    {
        private readonly long _growth;
        private readonly Func<long> _heapBytes;
        private readonly Action _collect;
        private long _afterCollect;

        public HeapGrowthLimit(long growthBytes) : this(growthBytes, () => GC.GetTotalMemory(false), CollectAll) { }

        /// <summary>With the heap's size and the collection given (tests).</summary>
        internal HeapGrowthLimit(long growthBytes, Func<long> heapBytes, Action collect)
        {
            _growth = growthBytes;
            _heapBytes = heapBytes;
            _collect = collect;
            _afterCollect = heapBytes();
        }

        /// <summary>Collects when the heap has grown by the limit since the last collection; call it from one thread.</summary>
        public void Check()
        {
            if (_heapBytes() - _afterCollect < _growth) return;
            Collect();
        }

        /// <summary>Collects now, e.g. when a phase that left much garbage is over, and counts the growth from there.</summary>
        public void Collect()
        {
            _collect();
            _afterCollect = _heapBytes();
        }

        private static void CollectAll()
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect();
        }
    }
}
