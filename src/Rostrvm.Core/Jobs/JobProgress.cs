namespace Rostrvm.Core.Jobs
{
    /// <summary>One progress update. PercentComplete -1 means unknown.</summary>
    public sealed class JobProgress
    {
        public JobProgress(string activity, string status, int percentComplete = -1, string? currentOperation = null)
        {
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            CurrentOperation = currentOperation;
        }

        public string Activity { get; }
        public string Status { get; }
        public int PercentComplete { get; }
        public string? CurrentOperation { get; }

        public static int Percent(long done, long total) =>
            total <= 0 ? -1 : (int)System.Math.Max(0, System.Math.Min(100, done * 100 / total));
    }
}
