using System.Runtime.CompilerServices;

namespace Rostrvm.Core.Runtime
{
    /// <summary>
    /// MethodImplOptions.AggressiveOptimization (.NET Core 3.0+; netstandard2.0 cannot name it):
    /// per-row loops (binlog decoding, dump formatting, CSV export and verification) are compiled
    /// fully optimised at once instead of starting at tier 0. The flag means nothing to .NET
    /// Framework, so Windows PowerShell 5.1 simply ignores it.
    /// </summary>
    internal static class HotPathOptions
    {
        public const MethodImplOptions Hot = (MethodImplOptions)512;
    }
}
