using System;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Rostrvm.Core.Windows;

namespace Rostrvm.Core.Restore
{
    /// <summary>Chooses the service backend of this machine once (docs/ARCHITECTURE.md, Restore).</summary>
    public static class ServiceControl
    {
        /// <summary>How long a stop or start may take before the restore gives up on it.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

        public static IServiceControl ForThisMachine() =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OnWindows() : new SystemdServiceControl();

        // Its own method, so that code on other platforms never loads the Windows service types.
        [SupportedOSPlatform("windows")]
        private static IServiceControl OnWindows() => new WindowsServiceControl(DefaultTimeout);
    }
}
