using System.Management.Automation;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>The -Name patterns of the maintenance task cmdlets (wildcards); no pattern matches every task.</summary>
    internal static class MaintenanceTaskName
    {
        public static bool Matches(string[]? patterns, string? name)
        {
            if (patterns == null || patterns.Length == 0) return true;
            foreach (var pattern in patterns)
                if (WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase).IsMatch(name ?? string.Empty)) return true;
            return false;
        }
    }
}
