#nullable disable
namespace Rostrvm.Core.Jobs
{
    /// <summary>
    /// How a long core job tells its caller what it is doing, without knowing who listens:
    /// the cmdlet layer turns these into progress bars, verbose and warning messages on the
    /// pipeline thread; tests and scripts may collect them.
    /// </summary>
    public interface IJobReporter
    {
        void Progress(JobProgress progress);
        void Verbose(string message);
        void Warning(string message);
    }

    /// <summary>One progress update. PercentComplete -1 means unknown.</summary>
    public sealed class JobProgress
    {
        public JobProgress(string activity, string status, int percentComplete = -1, string currentOperation = null)
        {
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            CurrentOperation = currentOperation;
        }

        public string Activity { get; }
        public string Status { get; }
        public int PercentComplete { get; }
        public string CurrentOperation { get; }

        public static int Percent(long done, long total) =>
            total <= 0 ? -1 : (int)System.Math.Max(0, System.Math.Min(100, done * 100 / total));
    }

    /// <summary>A reporter that drops everything, for callers that do not listen.</summary>
    public sealed class SilentReporter : IJobReporter
    {
        public static readonly SilentReporter Instance = new SilentReporter();
        public void Progress(JobProgress progress) { }
        public void Verbose(string message) { }
        public void Warning(string message) { }
    }
}
