using System;
using System.Management.Automation;
using Rostrvm.Core.Restore;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>Restores a full backup, then replays binlogs up to a target (point in time, position, before a transaction, or all but
    /// excluded ones).</summary>
    [Cmdlet(VerbsData.Restore, "RostrvmDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RestoreResult))]
    public sealed class RestoreRostrvmDatabaseCommand : RestorePlanCmdlet
    {
        protected override string LeftAsItWasWhenServerLost =>
            "The backup and binlog files are unchanged, and so is the database restored into (a staged restore swaps its copy in only " +
                "once it is complete; -InPlace left it half-restored, its safety backup kept); running the restore again clears what was " +
                "left and restores.";

        /// <summary>A plan from Get-RostrvmRestorePlan; without it the plan is built from the other parameters.</summary>
        [Parameter(ValueFromPipeline = true)]
        public RestorePlan? Plan { get; set; }

        /// <summary>The rostrvm application service to stop before and start after (Windows service or systemd unit).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ServiceName { get; set; }

        /// <summary>Do not take a safety backup of the live database before overwriting it.</summary>
        [Parameter]
        public SwitchParameter SkipSafetyBackup { get; set; }

        /// <summary>Keep the replay out of the server's binary log (SET sql_log_bin=0).</summary>
        [Parameter]
        public SwitchParameter NoBinlog { get; set; }

        /// <summary>Write the whole restore as a SQL script for the plain client to this file; change nothing.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ScriptOnly { get; set; }

        /// <summary>Rebuild the target database itself (safety backup first) instead of staging a copy beside it and swapping it in: for a
        /// server without room for a second copy.</summary>
        [Parameter]
        public SwitchParameter InPlace { get; set; }

        /// <summary>Keep the tables the target had before in &lt;target&gt;_p&lt;time&gt; after a staged restore instead of dropping
        /// them.</summary>
        [Parameter]
        public SwitchParameter KeepPrevious { get; set; }

        /// <summary>When the largest replayed statement exceeds the server's max_allowed_packet, raise it for the restore and set it back
        /// after.</summary>
        [Parameter]
        public SwitchParameter RaiseMaxAllowedPacket { get; set; }

        /// <summary>Restore without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            UseDecryptionKey(DecryptionKey, DecryptionPassphrase);
            RestorePlan plan;
            try { plan = Plan ?? BuildPlan(); }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                ThrowFailure(ex, Connection.Database);
                return;
            }
            // -TargetDatabase is never null or empty when given.
            if (Plan != null && TargetDatabase != null) plan.TargetDatabase = TargetDatabase;
            if (RaiseMaxAllowedPacket.IsPresent) plan.ClearPacketProblem();
            WriteVerbose(Describe(plan));
            try
            {
                DatabaseRestore.Refuse(plan);
                if (!string.IsNullOrEmpty(ScriptOnly))
                {
                    var path = GetUnresolvedProviderPathFromPSPath(ScriptOnly);
                    WriteObject(Run(token => DatabaseRestore.WriteScriptAsync(plan, path, NoBinlog.IsPresent, token)));
                    return;
                }
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                ThrowFailure(ex, plan.Database);
                return;
            }

            var bound = MyInvocation.BoundParameters;
            var description = Describe(plan);
            var proceed = Force.IsPresent && !bound.ContainsKey("WhatIf") && !bound.ContainsKey("Confirm")
                || ShouldProcess(description, InPlace.IsPresent
                    ? $"Drop and rebuild database '{plan.TargetDatabase}'?\n{description}"
                    : $"Build the restore in a staging database and swap it in for '{plan.TargetDatabase}'?\n{description}",
                        "Restore-RostrvmDatabase");
            if (!proceed) return;

            var options = RestoreOptions.From(Settings, Connection, plan);
            options.NoBinlog = NoBinlog.IsPresent;
            options.SkipSafetyBackup = SkipSafetyBackup.IsPresent;
            options.ServiceName = ServiceName;
            options.InPlace = InPlace.IsPresent;
            options.KeepPrevious = KeepPrevious.IsPresent;
            options.RaiseMaxAllowedPacket = RaiseMaxAllowedPacket.IsPresent;
            try
            {
                WriteObject(Run(token => DatabaseRestore.RunAsync(options, Reporter, token)));
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                ThrowFailure(ex, plan.TargetDatabase);
            }
        }
    }
}
