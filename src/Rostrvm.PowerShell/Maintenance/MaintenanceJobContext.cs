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
        private readonly Dictionary<string, PSObject[]> _outputs = new Dictionary<string, PSObject[]>(StringComparer.OrdinalIgnoreCase);
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
        /// <summary>The settings file every job is given with -ConfigurationPath.</summary>
        public string ConfigurationPath => Settings.SettingsPath;
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

    /// <summary>One job of a run: a name, the cmdlet it needs, and the scriptblock that calls it.</summary>
    internal sealed class MaintenanceJobDefinition
    {
        public string Name { get; set; }
        public string Command { get; set; }
        public ScriptBlock Action { get; set; }

        public static MaintenanceJobDefinition From(System.Collections.IDictionary table)
        {
            object Get(string key)
            {
                foreach (System.Collections.DictionaryEntry entry in table)
                    if (string.Equals(entry.Key as string, key, StringComparison.OrdinalIgnoreCase)) return entry.Value is PSObject p ? p.BaseObject : entry.Value;
                return null;
            }
            var job = new MaintenanceJobDefinition { Name = Get("Name") as string, Command = Get("Command") as string, Action = Get("Action") as ScriptBlock };
            if (string.IsNullOrEmpty(job.Name) || job.Action == null)
                throw new Core.Errors.RostrvmException("MaintenanceJobInvalid", Core.Errors.FailureKind.InvalidArgument,
                    "Each job must be a hashtable with Name (a string), Action (a scriptblock) and, optionally, Command (the cmdlet it calls), e.g. @{ Name = 'MisExport'; Command = 'Export-RostrvmMis'; Action = { param($run) Export-RostrvmMis -ConfigurationPath $run.ConfigurationPath } }.");
            return job;
        }
    }
}
