using System;
using System.IO;
using System.IO.Compression;
using System.Reflection;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// A gzip stream at an exact zlib level where the runtime takes one: .NET 9 and later
    /// (PowerShell 7.5+) have ZLibCompressionOptions, reached by reflection because the module
    /// targets netstandard2.0. Elsewhere (Windows PowerShell 5.1, PowerShell 7.4) the stream is
    /// CompressionLevel.Optimal, which is level 6.
    /// </summary>
    internal static class GzipLevelStream
    {
        private static readonly Lazy<ConstructorInfo?> s_constructor = new Lazy<ConstructorInfo?>(FindConstructor);

        /// <summary>True when <see cref="Create"/> honours the level it is given.</summary>
        public static bool ExactLevel => s_constructor.Value != null;

        /// <summary>
        /// A gzip writer into <paramref name="target"/> (left open) at <paramref name="level"/> (1-9)
        /// where it can be chosen.
        /// </summary>
        public static Stream Create(Stream target, int level)
        {
            if (level < 1 || level > 9) throw new ArgumentOutOfRangeException(nameof(level));
            var constructor = s_constructor.Value;
            if (constructor == null) return new GZipStream(target, CompressionLevel.Optimal, leaveOpen: true);
            var options = Activator.CreateInstance(constructor.GetParameters()[1].ParameterType)!;
            options.GetType().GetProperty("CompressionLevel")!.SetValue(options, level);
            return (Stream)constructor.Invoke(new object[] { target, options, true });
        }

        private static ConstructorInfo? FindConstructor()
        {
            var options = typeof(GZipStream).Assembly.GetType("System.IO.Compression.ZLibCompressionOptions", false);
            if (options == null || options.GetProperty("CompressionLevel")?.PropertyType != typeof(int)) return null;
            return typeof(GZipStream).GetConstructor(new[] { typeof(Stream), options, typeof(bool) });
        }
    }
}
