namespace Rostrvm.Core.Jobs
{
    /// <summary>A reporter that drops everything, for callers that do not listen.</summary>
    public sealed class SilentReporter : IJobReporter
    {
        public static readonly SilentReporter Instance = new SilentReporter();
        public void Progress(JobProgress progress) { }
        public void Verbose(string message) { }
        public void Warning(string message) { }
    }
}
