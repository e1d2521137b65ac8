using System.Diagnostics;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Maintenance.Schedulers
{
    /// <summary>The real systemctl of this machine.</summary>
    public sealed class Systemctl : ISystemctl
    {
        public bool Running => MaintenanceScheduler.SystemdRunning;

        public string Run(bool quiet, params string[] arguments)
        {
            var start = new ProcessStartInfo("systemctl", string.Join(" ", arguments))
            {
                UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using (var process = Process.Start(start))
            {
                var output = process.StandardOutput.ReadToEnd();
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0 && !quiet)
                    throw new RostrvmException("SystemctlFailed", FailureKind.InvalidOperation,
                        $"'systemctl {start.Arguments}' failed (exit code {process.ExitCode}): {error.Trim()}", start.Arguments);
                return output;
            }
        }
    }
}
