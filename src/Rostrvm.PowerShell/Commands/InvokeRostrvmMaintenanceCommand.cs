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
        private MaintenanceRunLog _log;

        /// <summary>The run's name in the history: Nightly, Weekly, or your own.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; }

        /// <summary>The jobs, in order: hashtables with Name, Command and Action (a scriptblock given the run context).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public IDictionary[] Job { get; set; }

        /// <summary>The moment the run is for; default the clock. Jobs derive their dates from it.</summary>
        [Parameter]
        public DateTime Now { get; set; } = DateTime.Now;

        /// <summary>The transcript file; default RostrvmMaintenance-&lt;Name&gt;-&lt;time&gt;.log in the log folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TranscriptPath { get; set; }

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

            var start = DateTime.Now;
            var runId = Guid.NewGuid().ToString("N").Substring(0, 12);
            if (WhatIfRequested)
            {
                DryRun(jobs, new MaintenanceJobContext(Name, runId, Now, settings), runId, start);
                base.EndProcessing();
                return;
            }
            var store = new MaintenanceHistoryStore(settings.EffectiveHistoryPath);
            var runFile = store.RunFile(Name, runId, start);
            var entries = new List<MaintenanceHistoryEntry>();
            if (!NoTranscript)
            {
                var logPath = TranscriptPath != null ? GetUnresolvedProviderPathFromPSPath(TranscriptPath)
                    : Path.Combine(settings.EffectiveLogPath, string.Format(System.Globalization.CultureInfo.InvariantCulture, "RostrvmMaintenance-{0}-{1:yyyyMMdd-HHmmss}-{2}.log", Name, start, runId.Substring(0, 4)));
                _log = MaintenanceRunLog.Open(logPath, out var problem);
                if (_log == null) WriteWarning($"No transcript is written: '{logPath}' cannot be opened ({problem}). The history is still recorded.");
            }
            var transcript = _log?.Path;
            var context = new MaintenanceJobContext(Name, runId, Now, settings);
            Say($"Rostrvm {Name} maintenance for {Now:yyyy-MM-dd HH:mm} on {Environment.MachineName} (run {runId}, settings {settings.SettingsPath})");

            try
            {
                var timeout = TimeSpan.FromSeconds(LockTimeoutSeconds >= 0 ? LockTimeoutSeconds : settings.LockTimeoutSeconds);
                MaintenanceLock held;
                try { held = MaintenanceLock.Acquire(settings.Root, Name, timeout, CancellationToken, WriteVerbose); }
                catch (RostrvmException ex)
                {
                    var entry = NewEntry(runId, "MaintenanceLock", null, transcript);
                    Fail(entry, ex.ErrorId, ex.Message, 1);
                    Finish(entry, new PSObject[0]);
                    entries.Add(entry);
                    Save(store, runFile, entries);
                    Warn(ex.Message);
                    return;
                }
                using (held)
                {
                    if (held.StaleOwner != null)
                        Warn($"The maintenance lock was left behind by a run that ended without releasing it ({held.StaleOwner}); that run may be incomplete: check its history. The lock is taken over.");
                    foreach (var job in jobs)
                    {
                        var entry = NewEntry(runId, job.Name, job.Command, transcript);
                        var output = RunJob(job, context, entry);
                        context.Record(job.Name, output, entry.Failed);
                        Finish(entry, output);
                        entries.Add(entry);
                        Save(store, runFile, entries);
                        Say(entry.Failed
                            ? $"  {job.Name,-18} FAILED after {entry.DurationSeconds:N1} s: {entry.ErrorMessage}"
                            : $"  {job.Name,-18} succeeded in {entry.DurationSeconds:N1} s: {entry.Figures}");
                        if (entry.Failed) Warn($"Job {job.Name} failed: {entry.ErrorMessage}");
                    }
                }
            }
            finally
            {
                var failed = entries.Count(e => e.Failed);
                Say($"Rostrvm {Name} maintenance finished: {entries.Count - failed} succeeded, {failed} failed" + (failed > 0 ? " (" + string.Join(", ", entries.Where(e => e.Failed).Select(e => e.Job)) + ")" : string.Empty));
                _log?.Dispose();
                WriteObject(new MaintenanceRun
                {
                    RunId = runId, RunName = Name, ComputerName = Environment.MachineName, RunFor = Now, Start = start, End = DateTime.Now,
                    Succeeded = entries.Count - failed, Failed = failed, FailedJobs = entries.Where(e => e.Failed).Select(e => e.Job).ToArray(),
                    Jobs = entries.ToArray(), HistoryFile = runFile, TranscriptPath = transcript,
                });
            }
            base.EndProcessing();
        }

        /// <summary>
        /// Every job under -WhatIf in this runspace: the cmdlets it calls say what they would do and
        /// change nothing. A job whose command has no -WhatIf (or that names none) is left out,
        /// and says so, since running it would change things.
        /// </summary>
        private void DryRun(List<MaintenanceJobDefinition> jobs, MaintenanceJobContext context, string runId, DateTime start)
        {
            var entries = new List<MaintenanceHistoryEntry>();
            WriteHost($"What if: Rostrvm {Name} maintenance for {Now:yyyy-MM-dd HH:mm}, every job with -WhatIf (nothing is changed, no history is written):");
            foreach (var job in jobs)
            {
                var entry = NewEntry(runId, job.Name, job.Command, null);
                var command = string.IsNullOrEmpty(job.Command) ? null : InvokeCommand.GetCommand(job.Command, CommandTypes.Cmdlet | CommandTypes.Function | CommandTypes.Alias);
                PSObject[] output;
                if (command == null || !command.Parameters.ContainsKey("WhatIf"))
                {
                    var why = command == null ? "it names no command this session has" : $"{job.Command} has no -WhatIf";
                    WriteHost($"What if: job {job.Name} is left out of the dry run: {why}, so running it would change things.");
                    entry.Outcome = MaintenanceOutcome.Skipped;
                    output = new PSObject[0];
                }
                else
                {
                    WriteHost($"What if: job {job.Name} ({job.Command}):");
                    output = RunJob(job, context, entry, whatIf: true);
                }
                Finish(entry, output);
                entries.Add(entry);
            }
            var failed = entries.Count(e => e.Failed);
            WriteObject(new MaintenanceRun
            {
                RunId = runId, RunName = Name, ComputerName = Environment.MachineName, RunFor = Now, Start = start, End = DateTime.Now,
                Succeeded = entries.Count(e => e.Outcome == MaintenanceOutcome.Succeeded), Failed = failed,
                FailedJobs = entries.Where(e => e.Failed).Select(e => e.Job).ToArray(), Jobs = entries.ToArray(), WhatIf = true,
            });
        }

        private void WriteHost(string message) => Host.UI.WriteLine(message);

        private MaintenanceHistoryEntry NewEntry(string runId, string job, string command, string transcript) => new MaintenanceHistoryEntry
        {
            RunId = runId, RunName = Name, Job = job, Command = command, ComputerName = Environment.MachineName,
            RunFor = Now, Start = DateTime.Now, Outcome = MaintenanceOutcome.Succeeded, TranscriptPath = transcript,
        };

        /// <summary>Runs one job in a nested pipeline of this runspace; every error it reports fails it.</summary>
        private PSObject[] RunJob(MaintenanceJobDefinition job, MaintenanceJobContext context, MaintenanceHistoryEntry entry, bool whatIf = false)
        {
            if (!string.IsNullOrEmpty(job.Command) && InvokeCommand.GetCommand(job.Command, CommandTypes.Cmdlet | CommandTypes.Function | CommandTypes.Alias) == null)
            {
                Fail(entry, "MaintenanceJobCommandMissing",
                    $"The job {job.Name} needs the command '{job.Command}', which is not available in this session (the installed Rostrvm module does not have it, or it is not imported). Install a Rostrvm module version that has it; the other jobs ran.", 1);
                return new PSObject[0];
            }
            using (var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddScript("param($__rostrvmJob, $__rostrvmRun, $__rostrvmWhatIf) $ErrorActionPreference = 'Continue'; $WarningPreference = 'Continue'; $WhatIfPreference = $__rostrvmWhatIf; & $__rostrvmJob $__rostrvmRun 3>&1", useLocalScope: true)
                    .AddArgument(job.Action).AddArgument(context).AddArgument(whatIf);
                Collection<PSObject> output = null;
                ErrorRecord thrown = null;
                try { output = ps.Invoke(); }
                catch (RuntimeException ex) { thrown = ex.ErrorRecord ?? new ErrorRecord(ex, "MaintenanceJobThrew", ErrorCategory.NotSpecified, job.Name); }
                catch (Exception ex) when (!(ex is PipelineStoppedException)) { thrown = new ErrorRecord(ex, "MaintenanceJobThrew", ErrorCategory.NotSpecified, job.Name); }

                foreach (var verbose in ps.Streams.Verbose) { _log?.Write("VERBOSE: " + verbose.Message); WriteVerbose(verbose.Message); }
                // Warnings come merged into the output (3>&1): a nested pipeline sends them to the host otherwise.
                var warnings = ps.Streams.Warning.Select(w => w.Message)
                    .Concat((output ?? new Collection<PSObject>()).Select(o => o?.BaseObject).OfType<WarningRecord>().Select(w => w.Message)).ToList();
                foreach (var warning in warnings) Warn($"{job.Name}: {warning}");
                entry.Warnings = warnings.ToArray();

                var errors = ps.Streams.Error.ToList();
                if (thrown != null) errors.Add(thrown);
                if (errors.Count > 0)
                {
                    var first = errors[0];
                    // A bare 'throw "text"' has the text as its id: give it a stable one.
                    var errorId = first.FullyQualifiedErrorId == first.Exception?.Message ? "MaintenanceJobThrew" : first.FullyQualifiedErrorId;
                    var message = first.ErrorDetails?.Message ?? first.Exception?.Message ?? first.ToString();
                    Fail(entry, errorId, message + (errors.Count > 1 ? $" (and {errors.Count - 1} more errors)" : string.Empty), errors.Count);
                    foreach (var error in errors) _log?.Write($"    error {error.FullyQualifiedErrorId}: {error.Exception?.Message} ({FirstLine(error.ScriptStackTrace)})");
                }
                return (output ?? new Collection<PSObject>()).Where(o => o != null && !(o.BaseObject is WarningRecord)).ToArray();
            }
        }

        private static string FirstLine(string text) => (text ?? string.Empty).Split('\n')[0].Trim();

        private static void Fail(MaintenanceHistoryEntry entry, string errorId, string message, int count)
        {
            entry.Outcome = MaintenanceOutcome.Failed;
            entry.ErrorId = errorId;
            entry.ErrorMessage = message;
            entry.ErrorCount = count;
        }

        private static void Finish(MaintenanceHistoryEntry entry, PSObject[] output)
        {
            entry.End = DateTime.Now;
            entry.DurationSeconds = Math.Round((entry.End - entry.Start).TotalSeconds, 3);
            entry.OutputCount = output.Length;
            var warnings = new List<string>(entry.Warnings ?? new string[0]);
            entry.Figures = OutputSummary.Summarise(output.Select(o => new OutputItem(o.TypeNames.FirstOrDefault(),
                o.Properties.Where(p => p.IsGettable).Select(p => new KeyValuePair<string, object>(p.Name, SafeValue(p))))), warnings);
            entry.Warnings = warnings.Distinct().ToArray();
        }

        private static object SafeValue(PSPropertyInfo property)
        {
            try { var value = property.Value; return value is PSObject p ? p.BaseObject : value; }
            catch (Exception) { return null; }
        }

        private void Save(MaintenanceHistoryStore store, string runFile, List<MaintenanceHistoryEntry> entries)
        {
            try { store.WriteRun(runFile, entries); }
            catch (RostrvmException ex) { WriteFailure(ex, runFile); }
        }

        /// <summary>A line for the console and the transcript, as Write-Host writes it.</summary>
        private void Say(string line)
        {
            _log?.Write(line);
            WriteInformation(new InformationRecord(new HostInformationMessage { Message = line }, "Invoke-RostrvmMaintenance") { Tags = { "PSHOST" } });
        }

        /// <summary>A warning on the console and in the transcript.</summary>
        private void Warn(string message)
        {
            _log?.Write("WARNING: " + message);
            WriteWarning(message);
        }
    }
}
