using System.Diagnostics;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Restore
{
    /// <summary>A systemd unit through systemctl (which itself stops and restarts what depends on it).</summary>
    public sealed class SystemdServiceControl : IServiceControl
    {
        public void EnsureExists(string name)
        {
            var (code, output) = Run("cat -- " + Quote(name));
            if (code != 0)
                throw new RostrvmException("ServiceNotFound", FailureKind.ObjectNotFound,
                    $"The service '{name}' does not exist on this machine (systemctl cat: {output.Trim()}). Check -ServiceName; nothing " +
                        "was changed.", name);
        }

        public void Stop(string name) => Change(name, "stop");

        public void Start(string name) => Change(name, "start");

        private static void Change(string name, string verb)
        {
            var (code, output) = Run(verb + " -- " + Quote(name));
            if (code != 0)
                throw new RostrvmException("ServiceControlFailed", FailureKind.InvalidOperation,
                    $"Could not {verb} the service '{name}': {output.Trim()}", name);
        }

        private static string Quote(string s) => "\"" + s.Replace("\"", "\\\"") + "\"";

        private static (int, string) Run(string arguments)
        {
            try
            {
                var info = new ProcessStartInfo("systemctl", arguments)
                    { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                using (var process = Process.Start(info))
                {
                    var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                    process.WaitForExit();
                    return (process.ExitCode, output);
                }
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                return (-1, $"systemctl could not be run: {ex.Message}");
            }
        }
    }
}
