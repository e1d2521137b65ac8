using System;
using System.Management.Automation;

namespace Rostrvm.PowerShell.Maintenance
{
    /// <summary>One job of a run: a name, the cmdlet it needs, and the scriptblock that calls it.</summary>
    internal sealed class MaintenanceJobDefinition
    {
        private MaintenanceJobDefinition(string name, string? command, ScriptBlock action)
        {
            Name = name;
            Command = command;
            Action = action;
        }

        public string Name { get; }
        public string? Command { get; }
        public ScriptBlock Action { get; }

        private Core.Maintenance.MaintenanceJob? _job;

        /// <summary>The job as the runner in Core knows it.</summary>
        public Core.Maintenance.MaintenanceJob Job => _job ?? (_job = new Core.Maintenance.MaintenanceJob(Name, Command));

        public static MaintenanceJobDefinition From(System.Collections.IDictionary table)
        {
            object? Get(string key)
            {
                foreach (System.Collections.DictionaryEntry entry in table)
                    if (string.Equals(entry.Key as string, key, StringComparison.OrdinalIgnoreCase)) return entry.Value is PSObject p
                        ? p.BaseObject : entry.Value;
                return null;
            }
            var name = Get("Name") as string;
            var action = Get("Action") as ScriptBlock;
            if (name == null || name.Length == 0 || action == null)
                throw new Core.Errors.RostrvmException("MaintenanceJobInvalid", Core.Errors.FailureKind.InvalidArgument,
                    "Each job must be a hashtable with Name (a string), Action (a scriptblock) and, optionally, Command (the cmdlet it " +
                        "calls), e.g. @{ Name = 'MisExport'; Command = 'Export-RostrvmMis'; Action = { param($run) Export-RostrvmMis " +
                        "-ConfigurationPath $run.ConfigurationPath } }.");
            return new MaintenanceJobDefinition(name, Get("Command") as string, action);
        }
    }
}
