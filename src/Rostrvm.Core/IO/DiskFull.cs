using System;
using System.IO;

namespace Rostrvm.Core.IO
{
    /// <summary>Recognises "no space left on the device" across platforms.</summary>
    public static class DiskFull
    {
        /// <summary>ENOSPC on Unix (28), ERROR_DISK_FULL (112) / ERROR_HANDLE_DISK_FULL (39) on Windows.</summary>
        public static bool Is(IOException io)
        {
            var code = io.HResult & 0xFFFF;
            return code == 28 || code == 112 || code == 39 || io.Message.IndexOf("No space left", StringComparison.OrdinalIgnoreCase) >= 0;
        }
    }
}
