namespace Rostrvm.Core.Maintenance
{
    /// <summary>One job's outcome as an entry of the Windows Application log (see <see cref="MaintenanceEventLog"/>).</summary>
    public sealed class MaintenanceEvent
    {
        public MaintenanceEvent(int eventId, MaintenanceEventLevel level, string message)
        {
            EventId = eventId;
            Level = level;
            Message = message;
        }

        public int EventId { get; }
        public MaintenanceEventLevel Level { get; }
        public string Message { get; }
    }
}
