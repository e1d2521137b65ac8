using System;
using System.Collections.Generic;
using System.Management.Automation;
using Rostrvm.Core.Configuration;

namespace Rostrvm.PowerShell.Maintenance
{
    /// <summary>
    /// What each job's scriptblock receives as its first argument: the run's moment and settings,
    /// and the output of the jobs before it (the weekly backup test reads the new backup).
    /// </summary>
    public sealed class MaintenanceJobContext
    {
        private readonly Dictionary<string, PSObject[]> _outputs =
            new Dictionary<string, PSObject[]>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _failed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        internal MaintenanceJobContext(string runName, string runId, DateTime now, RostrvmSettings settings)
        {
            RunName = runName;
            RunId = runId;
            Now = now;
            Settings = settings;
        }

        public string RunName { get; }
        public string RunId { get; }
        /// <summary>The moment the run is for (the script's -Now).</summary>
        public DateTime Now { get; }
        /// <summary>The settings file every job is given with -ConfigurationPath; null for settings not read from a file.</summary>
        public string? ConfigurationPath => Settings.SettingsPath;
        public RostrvmSettings Settings { get; }

        /// <summary>What an earlier job of this run wrote; empty if it wrote nothing or did not run.</summary>
        public PSObject[] Output(string job) => _outputs.TryGetValue(job, out var output) ? output : new PSObject[0];

        /// <summary>True when an earlier job of this run ran and succeeded.</summary>
        public bool Succeeded(string job) => _outputs.ContainsKey(job) && !_failed.Contains(job);

        internal void Record(string job, PSObject[] output, bool failed)
        {
            _outputs[job] = output;
            if (failed) _failed.Add(job);
        }
    }
}
