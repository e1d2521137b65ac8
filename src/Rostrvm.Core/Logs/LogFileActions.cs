namespace Rostrvm.Core.Logs
{
    public static class LogFileActions
    {
        public const string Compressed = "Compressed";
        public const string AlreadyCompressed = "AlreadyCompressed";
        public const string Deleted = "Deleted";
        public const string Skipped = "Skipped";
    }
}
