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
}
