using System;
using System.Management.Automation;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Restore;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>The full backup and binlog chain for a restore target, the exact stop, and whether the chain has a gap.</summary>
    [Cmdlet(VerbsCommon.Get, "RostrvmRestorePlan")]
    [OutputType(typeof(RestorePlan))]
    public sealed class GetRostrvmRestorePlanCommand : RestorePlanCmdlet
    {
        protected override void ProcessRecord()
        {
            RestorePlan plan;
            try { plan = BuildPlan(); }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                WriteFailure(ex, Connection.Database);
                return;
            }
            // The largest replayed statement against the server's max_allowed_packet; a server that
            // cannot be asked leaves the plan as the files make it (the restore checks again).
            try { plan = Run(token => PacketLimit.CheckAsync(Connection, plan, token)); }
            catch (Exception ex) when (ex is RostrvmException || ex is AggregateException)
            {
                WriteWarning(
                    $"The plan's largest statement ({plan.LargestEvent}) was not compared with the server's max_allowed_packet: " +
                    $"{ex.Message}");
            }
            WriteVerbose(Describe(plan));
            WriteObject(plan);
            // The plan is written first so the administrator sees it beside the reason.
            if (!plan.Reachable)
                WriteFailure(new RostrvmException(plan.ProblemId ?? "RestorePlanUnreachable", FailureKind.InvalidOperation,
                    string.Join(" ", plan.Problems), plan.Database), plan.Database);
        }
    }
}
