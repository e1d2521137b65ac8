namespace Rostrvm.Core.Maintenance
{
    /// <summary>The level of a job's event in the Windows Application log.</summary>
    public enum MaintenanceEventLevel
    {
        Information,
        Warning,
        Error,
    }
}
