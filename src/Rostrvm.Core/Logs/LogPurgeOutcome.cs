using System;
using System.Collections.Generic;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Logs
{
    /// <summary>Results and per-file failures of one run, in plan order.</summary>
    public sealed class LogPurgeOutcome
    {
        public IReadOnlyList<LogFileResult> Files { get; internal set; } = Array.Empty<LogFileResult>();
        public IReadOnlyList<RostrvmException> Failures { get; internal set; } = Array.Empty<RostrvmException>();
    }
}
