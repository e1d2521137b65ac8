using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Maintenance;
using Rostrvm.PowerShell.Infrastructure;
using Rostrvm.PowerShell.Maintenance;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// Runs a list of maintenance jobs as one run: takes the maintenance lock, writes a transcript
    /// into the log folder, runs every job even when one before it failed, records one history
    /// entry per job, and returns the run (its ExitCode is what the shipped scripts exit with).
    /// With -WhatIf it is a dry run of the night: each job runs under -WhatIf and says what it
    /// would do; no lock, transcript or history is written.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RostrvmMaintenance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(MaintenanceRun))]
    public sealed class InvokeRostrvmMaintenanceCommand : RostrvmCmdlet
    {
        private MaintenanceRunner? _runner;

        /// <summary>The run's name in the history: Nightly, Weekly, or your own.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = null!;

        /// <summary>The jobs, in order: hashtables with Name, Command and Action (a scriptblock given the run context).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public IDictionary[] Job { get; set; } = null!;

        /// <summary>The moment the run is for; default the clock. Jobs derive their dates from it.</summary>
        [Parameter]
        public DateTime Now { get; set; } = DateTime.Now;

        /// <summary>The transcript file; default RostrvmMaintenance-&lt;Name&gt;-&lt;time&gt;.log in the log folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TranscriptPath { get; set; }

        /// <summary>Do not write a transcript (when the caller already does).</summary>
        [Parameter]
        public SwitchParameter NoTranscript { get; set; }

        /// <summary>How long to wait for another run to release the lock; default LockTimeoutSeconds (600).</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int LockTimeoutSeconds { get; set; } = -1;

        protected override void EndProcessing()
        {
            var settings = Settings;
            List<MaintenanceJobDefinition> jobs;
            try { jobs = Job.Select(MaintenanceJobDefinition.From).ToList(); }
            catch (RostrvmException ex) { ThrowFailure(ex, Name); return; }

            var options = new MaintenanceRunOptions
            {
                Name = Name, Settings = settings, Now = Now, NoTranscript = NoTranscript,
                TranscriptPath = TranscriptPath != null ? GetUnresolvedProviderPathFromPSPath(TranscriptPath) : null,
                LockTimeout = LockTimeoutSeconds >= 0 ? TimeSpan.FromSeconds(LockTimeoutSeconds) : (TimeSpan?)null,
            };
            var byName = jobs.ToDictionary(j => j.Job, j => j);
            using (var runner = new MaintenanceRunner(options, this, Say, ex => WriteFailure(ex, options.HistoryFolder)))
            {
                _runner = runner;
                var context = new MaintenanceJobContext(Name, runner.RunId, Now, settings);
                MaintenanceRun run;
                if (WhatIfRequested)
                {
                    Host.UI.WriteLine(
                        $"What if: Rostrvm {Name} maintenance for {Now:yyyy-MM-dd HH:mm}, every job with -WhatIf (nothing is changed, no " +
                        $"history is written):");
                    run = runner.DryRun(jobs.Select(j => j.Job).ToList(), job => DryRunJob(byName[job], context));
                }
                else run = runner.Run(jobs.Select(j => j.Job).ToList(), job => RunJob(byName[job], context), CancellationToken);
                WriteObject(run);
            }
            base.EndProcessing();
        }

        /// <summary>
        /// One job under -WhatIf in this runspace: the cmdlets it calls say what they would do and
        /// change nothing. A job whose command has no -WhatIf (or that names none) is left out,
        /// and says so, since running it would change things.
        /// </summary>
        private MaintenanceJobResult DryRunJob(MaintenanceJobDefinition job, MaintenanceJobContext context)
        {
            var command = string.IsNullOrEmpty(job.Command) ? null : InvokeCommand.GetCommand(job.Command,
                CommandTypes.Cmdlet | CommandTypes.Function | CommandTypes.Alias);
            if (command == null || !command.Parameters.ContainsKey("WhatIf"))
            {
                var why = command == null ? "it names no command this session has" : $"{job.Command} has no -WhatIf";
                Host.UI.WriteLine($"What if: job {job.Name} is left out of the dry run: {why}, so running it would change things.");
                return new MaintenanceJobResult { Skipped = true };
            }
            Host.UI.WriteLine($"What if: job {job.Name} ({job.Command}):");
            return RunJob(job, context, whatIf: true);
        }

        /// <summary>Runs one job in a nested pipeline of this runspace; every error it reports fails it.</summary>
        private MaintenanceJobResult RunJob(MaintenanceJobDefinition job, MaintenanceJobContext context, bool whatIf = false)
        {
            if (!string.IsNullOrEmpty(job.Command) && InvokeCommand.GetCommand(job.Command,
                CommandTypes.Cmdlet | CommandTypes.Function | CommandTypes.Alias) == null)
            {
                context.Record(job.Name, new PSObject[0], failed: true);
                return MaintenanceJobResult.Failure("MaintenanceJobCommandMissing",
                    $"The job {job.Name} needs the command '{job.Command}', which is not available in this session (the installed " +
                        $"Rostrvm module does not have it, or it is not imported). Install a Rostrvm module version that has it; the " +
                        $"other jobs ran.");
            }
            using (var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddScript(
                    "param($__rostrvmJob, $__rostrvmRun, $__rostrvmWhatIf) $ErrorActionPreference = 'Continue'; $WarningPreference = " +
                    "'Continue'; $WhatIfPreference = $__rostrvmWhatIf; & $__rostrvmJob $__rostrvmRun 3>&1", useLocalScope: true)
                    .AddArgument(job.Action).AddArgument(context).AddArgument(whatIf);
                Collection<PSObject>? output = null;
                ErrorRecord? thrown = null;
                try { output = ps.Invoke(); }
                catch (RuntimeException ex) { thrown = ex.ErrorRecord ?? new ErrorRecord(ex, "MaintenanceJobThrew",
                    ErrorCategory.NotSpecified, job.Name); }
                catch (Exception ex) when (!(ex is PipelineStoppedException)) { thrown = new ErrorRecord(ex, "MaintenanceJobThrew",
                    ErrorCategory.NotSpecified, job.Name); }

                foreach (var verbose in ps.Streams.Verbose) { _runner?.Transcript(
                    "VERBOSE: " + verbose.Message); WriteVerbose(verbose.Message); }
                // Warnings come merged into the output (3>&1): a nested pipeline sends them to the host otherwise.
                var warnings = ps.Streams.Warning.Select(w => w.Message)
                    .Concat((output ?? new Collection<PSObject>()).Select(o => o?.BaseObject).OfType<WarningRecord>()
                        .Select(w => w.Message)).ToList();
                var objects = (output ?? new Collection<PSObject>()).Where(o => o != null && !(o.BaseObject is WarningRecord)).ToArray();
                var result = new MaintenanceJobResult
                {
                    Warnings = warnings,
                    Output = objects.Select(o => new OutputItem(o.TypeNames.FirstOrDefault(),
                        o.Properties.Where(p => p.IsGettable).Select(p => new KeyValuePair<string, object?>(p.Name,
                            SafeValue(p))))).ToList(),
                };
                var errors = ps.Streams.Error.ToList();
                if (thrown != null) errors.Add(thrown);
                if (errors.Count > 0)
                {
                    var first = errors[0];
                    // A bare 'throw "text"' has the text as its id: give it a stable one.
                    result.ErrorId = first.FullyQualifiedErrorId == first.Exception?.Message ? "MaintenanceJobThrew"
                        : first.FullyQualifiedErrorId;
                    result.ErrorMessage = (first.ErrorDetails?.Message ?? first.Exception?.Message ?? first.ToString()) + (errors.Count > 1
                        ? $" (and {errors.Count - 1} more errors)" : string.Empty);
                    result.ErrorCount = errors.Count;
                    foreach (var error in errors) _runner?.Transcript(
                        $"    error {error.FullyQualifiedErrorId}: {error.Exception?.Message} ({FirstLine(error.ScriptStackTrace)})");
                }
                context.Record(job.Name, objects, result.ErrorId != null);
                return result;
            }
        }

        private static string FirstLine(string? text) => (text ?? string.Empty).Split('\n')[0].Trim();

        private static object? SafeValue(PSPropertyInfo property)
        {
            try { var value = property.Value; return value is PSObject p ? p.BaseObject : value; }
            catch (Exception) { return null; }
        }

        /// <summary>A line for the console, as Write-Host writes it (the runner writes it to the transcript).</summary>
        private void Say(string line)
        {
            WriteInformation(new InformationRecord(new HostInformationMessage { Message = line },
                "Invoke-RostrvmMaintenance") { Tags = { "PSHOST" } });
        }
    }
}
