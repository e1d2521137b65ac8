namespace Rostrvm.Core.Maintenance
{
    /// <summary>What the runner knows of one job: its name in the history and the command it calls.</summary>
    public sealed class MaintenanceJob
    {
        public MaintenanceJob(string name, string? command)
        {
            Name = name;
            Command = command;
        }

        public string Name { get; }

        /// <summary>The cmdlet the job calls, for the history and the dry run; may be null.</summary>
        public string? Command { get; }
    }
}
