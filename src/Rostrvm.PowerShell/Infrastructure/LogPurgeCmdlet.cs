using System;
using System.Collections.Generic;
using System.Management.Automation;
using Rostrvm.Core.Logs;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>
    /// What Compress-RostrvmLog and Remove-RostrvmLog share: the log directory, the clock, and the
    /// plan, confirm each step, run, write one object per file sequence.
    /// </summary>
    public abstract class LogPurgeCmdlet : RostrvmCmdlet
    {
        /// <summary>The log directory; default LogPath from the settings.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The job's clock; default now. Ages are measured back from it.</summary>
        [Parameter]
        public DateTime Now { get; set; } = DateTime.Now;

        /// <summary>-Path resolved; null: LogPath from the settings.</summary>
        protected string? LogDirectory => string.IsNullOrEmpty(Path) ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);

        /// <summary>Stops with InvalidOlderThan unless the age is above (or, when allowed, at) zero.</summary>
        protected void CheckAge(TimeSpan age, bool allowZero, string why)
        {
            if (age > TimeSpan.Zero || (allowZero && age == TimeSpan.Zero)) return;
            ThrowFailure(new Core.Errors.RostrvmException("InvalidOlderThan", Core.Errors.FailureKind.InvalidArgument, why, age), age);
        }

        protected void Purge(LogPurgeRequest request)
        {
            IReadOnlyList<LogAction> plan;
            LogPurgeRunner runner;
            try
            {
                plan = LogPurgePlanner.Plan(request);
                runner = new LogPurgeRunner(request.Directory, Reporter)
                {
                    LockTimeout = TimeSpan.FromSeconds(Settings.LockTimeoutSeconds),
                };
            }
            catch (Exception ex)
            {
                ThrowFailure(ex, request.Directory);
                return;
            }

            var approved = new List<LogAction>();
            foreach (var action in plan)
            {
                if (ShouldProcess(action.Path, action.Description)) approved.Add(action);
            }
            WriteVerbose($"{plan.Count} file(s) to process in '{request.Directory}', {approved.Count} approved.");
            if (approved.Count == 0 && !ShouldProcess(request.Directory, "Remove unfinished zips and empty month folders")) return;

            LogPurgeOutcome outcome;
            try
            {
                outcome = Run(token => runner.RunAsync(approved, token));
            }
            catch (Exception ex)
            {
                ThrowFailure(ex, request.Directory);
                return;
            }
            foreach (var file in outcome.Files) WriteObject(file);
            foreach (var failure in outcome.Failures) WriteFailure(failure, failure.Target);
        }
    }
}
