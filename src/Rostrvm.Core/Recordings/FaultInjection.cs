using System;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Rostrvm.Core.Recordings
{
    /// <summary>
    /// Test-only crash points. When the environment variable ROSTRVM_TEST_FAULT is
    /// <c>&lt;step&gt;:&lt;n&gt;</c>, the process kills itself (no finally blocks, no flush) the n-th
    /// time it reaches that step; the kill tests prove every step leaves recoverable state.
    /// Unset in production: one dictionary lookup per step.
    /// </summary>
    internal static class FaultInjection
    {
        public const string Variable = "ROSTRVM_TEST_FAULT";

        private static readonly string? s_step;
        private static readonly int s_hit;
        private static readonly ConcurrentDictionary<string, int> s_counts = new ConcurrentDictionary<string, int>();

        static FaultInjection()
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrEmpty(value)) return;
            var parts = value.Split(':');
            s_step = parts[0];
            s_hit = parts.Length > 1 && int.TryParse(parts[1], out var n) ? n : 1;
        }

        public static void Point(string step)
        {
            if (s_step == null || !string.Equals(step, s_step, StringComparison.Ordinal)) return;
            if (s_counts.AddOrUpdate(step, 1, (_, c) => c + 1) == s_hit)
            {
                Process.GetCurrentProcess().Kill();
                System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);
            }
        }
    }
}
