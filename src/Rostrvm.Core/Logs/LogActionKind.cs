namespace Rostrvm.Core.Logs
{
    public enum LogActionKind
    {
        /// <summary>Zip a log into its month folder, then delete it.</summary>
        Compress,
        /// <summary>Delete a log, or a log zip inside a month folder, past the retention.</summary>
        Delete,
    }
}
