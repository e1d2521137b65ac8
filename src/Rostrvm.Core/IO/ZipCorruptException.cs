using System;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.IO
{
    /// <summary>A zip that cannot be read back, or does not hold what it should.</summary>
    public sealed class ZipCorruptException : RostrvmException
    {
        public ZipCorruptException(string path, string detail, Exception? inner = null)
            : base("CorruptZip", FailureKind.InvalidData,
                  $"The zip '{path}' is damaged or incomplete: {detail}. It was left as it is; check or remove it by hand.", path, inner)
        {
        }
    }
}
