#nullable disable
using System;
using System.Management.Automation;

namespace Rostrvm.PowerShell.Maintenance
{
    /// <summary>One job of a run: a name, the cmdlet it needs, and the scriptblock that calls it.</summary>
    internal sealed class MaintenanceJobDefinition
    {
        public string Name { get; set; }
        public string Command { get; set; }
        public ScriptBlock Action { get; set; }

        private Core.Maintenance.MaintenanceJob _job;

        /// <summary>The job as the runner in Core knows it.</summary>
        public Core.Maintenance.MaintenanceJob Job => _job ?? (_job = new Core.Maintenance.MaintenanceJob(Name, Command));

        public static MaintenanceJobDefinition From(System.Collections.IDictionary table)
        {
            object Get(string key)
            {
                foreach (System.Collections.DictionaryEntry entry in table)
                    if (string.Equals(entry.Key as string, key, StringComparison.OrdinalIgnoreCase)) return entry.Value is PSObject p
                        ? p.BaseObject : entry.Value;
                return null;
            }
            var job = new MaintenanceJobDefinition { Name = Get("Name") as string, Command = Get("Command") as string,
                Action = Get("Action") as ScriptBlock };
            if (string.IsNullOrEmpty(job.Name) || job.Action == null)
                throw new Core.Errors.RostrvmException("MaintenanceJobInvalid", Core.Errors.FailureKind.InvalidArgument,
                    "Each job must be a hashtable with Name (a string), Action (a scriptblock) and, optionally, Command (the cmdlet it " +
                        "calls), e.g. @{ Name = 'MisExport'; Command = 'Export-RostrvmMis'; Action = { param($run) Export-RostrvmMis " +
                        "-ConfigurationPath $run.ConfigurationPath } }.");
            return job;
        }
    }
}
