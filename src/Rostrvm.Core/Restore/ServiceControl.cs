using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// Stops and starts the rostrvm application service around a restore: a Windows service
    /// (sc.exe) or a systemd unit (systemctl). The database server itself is left running.
    /// </summary>
    public static class ServiceControl
    {
        private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Throws ServiceNotFound when the service or unit does not exist (checked before anything changes).</summary>
        public static void EnsureExists(string name)
        {
            var (code, output) = IsWindows ? Run("sc.exe", "query \"" + name + "\"") : Run("systemctl", "cat -- " + Quote(name));
            if (code != 0)
                throw new RostrvmException("ServiceNotFound", FailureKind.ObjectNotFound,
                    $"The service '{name}' does not exist on this machine ({(IsWindows ? "sc.exe query" : "systemctl cat")}: " +
                    $"{output.Trim()}). Check -ServiceName; nothing was changed.", name);
        }

        public static void Stop(string name) => Change(name, "stop");

        public static void Start(string name) => Change(name, "start");

        private static void Change(string name, string verb)
        {
            var (code, output) = IsWindows ? Run("sc.exe", verb + " \"" + name + "\"") : Run("systemctl", verb + " -- " + Quote(name));
            // sc.exe: 1062 = not started (stop of a stopped service), 1056 = already running.
            if (code != 0 && !(IsWindows && (code == 1062 || code == 1056)))
                throw new RostrvmException("ServiceControlFailed", FailureKind.InvalidOperation,
                    $"Could not {verb} the service '{name}': {output.Trim()}", name);
        }

        private static string Quote(string s) => "\"" + s.Replace("\"", "\\\"") + "\"";

        private static (int, string) Run(string file, string arguments)
        {
            try
            {
                var info = new ProcessStartInfo(file, arguments)
                {
                    RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                };
                using (var process = Process.Start(info))
                {
                    var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                    process.WaitForExit();
                    return (process.ExitCode, output);
                }
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                return (-1, $"{file} could not be run: {ex.Message}");
            }
        }
    }
}
