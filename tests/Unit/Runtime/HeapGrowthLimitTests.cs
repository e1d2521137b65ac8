using Rostrvm.Core.Runtime;
using Xunit;

namespace Rostrvm.Tests.Unit.Runtime
{
    public class HeapGrowthLimitTests
    {
        [Fact]
        public void Collects_once_the_heap_has_grown_by_the_limit_since_the_last_collection()
        {
            long heap = 100;
            var collections = 0;
            var limit = new HeapGrowthLimit(50, () => heap, () => { collections++; heap = 110; });
            heap = 149;
            limit.Check();
            Assert.Equal(0, collections);
            heap = 150;
            limit.Check();
            Assert.Equal(1, collections);
            // Measured again from what the collection left (110), not from the start.
            heap = 159;
            limit.Check();
            Assert.Equal(1, collections);
            heap = 160;
            limit.Check();
            Assert.Equal(2, collections);
        }
    }
}
