using System.Runtime.CompilerServices;

namespace Rostrvm.Core.Binlog
{
    internal static class HotPathOptions
    {
        /// <summary>MethodImplOptions.AggressiveOptimization (.NET Core 3.0+; netstandard2.0 cannot name it):
        /// the row decoding loops are compiled fully optimised at once instead of starting at tier 0.</summary>
        public const MethodImplOptions Hot = (MethodImplOptions)512;
    }
}
