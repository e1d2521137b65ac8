using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Jobs;

namespace Rostrvm.Core.Maintenance
{
    /// <summary>
    /// One maintenance run (nightly, weekly or a script's own): takes the maintenance lock, writes a
    /// transcript, runs every job in order even when one before it failed, records one history entry
    /// per job as soon as it ends, and returns the run (its ExitCode is what the shipped scripts exit
    /// with). How a job runs is the caller's: a callback on the caller's thread (the cmdlet runs a
    /// scriptblock in its runspace), so the runner itself is tested without PowerShell.
    /// </summary>
    public sealed class MaintenanceRunner : IDisposable
    {
        private readonly MaintenanceRunOptions _options;
        private readonly IJobReporter _reporter;
        private readonly Action<string> _say;
        private readonly Action<Exception> _error;
        private MaintenanceRunLog? _log;

        /// <param name="say">A line for the console (the transcript gets it too).</param>
        /// <param name="error">A problem that does not stop the run (the history could not be written).</param>
        public MaintenanceRunner(MaintenanceRunOptions options, IJobReporter? reporter, Action<string>? say, Action<Exception>? error)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _reporter = reporter ?? SilentReporter.Instance;
            _say = say ?? (_ => { });
            _error = error ?? (_ => { });
            RunId = Guid.NewGuid().ToString("N").Substring(0, 12);
        }

        public string RunId { get; }

        /// <summary>The transcript being written, null when there is none.</summary>
        public string? TranscriptPath => _log?.Path;

        /// <summary>A line for the transcript only (a job's verbose messages and error details).</summary>
        public void Transcript(string line) => _log?.Write(line);

        public MaintenanceRun Run(IReadOnlyList<MaintenanceJob> jobs,
            Func<MaintenanceJob, MaintenanceJobResult> runJob, CancellationToken token)
        {
            var settings = _options.Settings;
            var start = DateTime.Now;
            var store = new MaintenanceHistoryStore(_options.HistoryFolder);
            var runFile = store.RunFile(_options.Name, RunId, start);
            var entries = new List<MaintenanceHistoryEntry>();
            if (!_options.NoTranscript)
            {
                var logPath = _options.TranscriptPath ?? Path.Combine(settings.EffectiveLogPath, string.Format(CultureInfo.InvariantCulture,
                    "RostrvmMaintenance-{0}-{1:yyyyMMdd-HHmmss}-{2}.log", _options.Name, start, RunId.Substring(0, 4)));
                _log = MaintenanceRunLog.Open(logPath, out var problem);
                if (_log == null) _reporter.Warning(
                    $"No transcript is written: '{logPath}' cannot be opened ({problem}). The history is still recorded.");
            }
            Say($"Rostrvm {_options.Name} maintenance for {_options.Now:yyyy-MM-dd HH:mm} on {_options.ComputerName} (run {RunId}, " +
                $"settings {settings.SettingsPath})");
            try
            {
                MaintenanceLock held;
                // Settings come from SettingsStore.Load, which always sets Root.
                try { held = MaintenanceLock.Acquire(settings.Root!, _options.Name, _options.LockTimeout
                    ?? TimeSpan.FromSeconds(settings.LockTimeoutSeconds), token, _reporter.Verbose); }
                catch (RostrvmException ex)
                {
                    var entry = NewEntry(new MaintenanceJob("MaintenanceLock", null));
                    Finish(entry, MaintenanceJobResult.Failure(ex.ErrorId, ex.Message));
                    entries.Add(entry);
                    Save(store, runFile, entries);
                    MaintenanceEventLog.Write(entry);
                    Warn(ex.Message);
                    return Summarise(entries, start, runFile, whatIf: false);
                }
                using (held)
                {
                    if (held.StaleOwner != null)
                        Warn($"The maintenance lock was left behind by a run that ended without releasing it ({held.StaleOwner}); that " +
                            $"run may be incomplete: check its history. The lock is taken over.");
                    foreach (var job in jobs)
                    {
                        var entry = NewEntry(job);
                        var result = runJob(job);
                        foreach (var warning in result.Warnings) Warn($"{job.Name}: {warning}");
                        Finish(entry, result);
                        entries.Add(entry);
                        Save(store, runFile, entries);
                        MaintenanceEventLog.Write(entry);
                        Say(entry.Failed
                            ? $"  {job.Name,-18} FAILED after {entry.DurationSeconds:N1} s: {entry.ErrorMessage}"
                            : $"  {job.Name,-18} succeeded in {entry.DurationSeconds:N1} s: {entry.Figures}");
                        if (entry.Failed) Warn($"Job {job.Name} failed: {entry.ErrorMessage}");
                    }
                }
                return Summarise(entries, start, runFile, whatIf: false);
            }
            finally
            {
                var failed = entries.Count(e => e.Failed);
                Say($"Rostrvm {_options.Name} maintenance finished: {entries.Count - failed} succeeded, {failed} failed" +
                    (failed > 0 ? " (" + string.Join(", ", entries.Where(e => e.Failed).Select(e => e.Job)) + ")" : string.Empty));
                _log?.Dispose();
            }
        }

        /// <summary>
        /// The dry run of the night: every job through the callback (which runs it under -WhatIf, or
        /// leaves it out as Skipped); no lock, transcript or history.
        /// </summary>
        public MaintenanceRun DryRun(IReadOnlyList<MaintenanceJob> jobs, Func<MaintenanceJob, MaintenanceJobResult> runJob)
        {
            var start = DateTime.Now;
            var entries = new List<MaintenanceHistoryEntry>();
            foreach (var job in jobs)
            {
                var entry = NewEntry(job);
                Finish(entry, runJob(job));
                entries.Add(entry);
            }
            return Summarise(entries, start, null, whatIf: true);
        }

        private MaintenanceRun Summarise(List<MaintenanceHistoryEntry> entries, DateTime start, string? runFile,
            bool whatIf) => new MaintenanceRun
        {
            RunId = RunId, RunName = _options.Name, ComputerName = _options.ComputerName, RunFor = _options.Now,
                Start = start, End = DateTime.Now,
            Succeeded = entries.Count(e => e.Outcome == MaintenanceOutcome.Succeeded), Failed = entries.Count(e => e.Failed),
            FailedJobs = entries.Where(e => e.Failed).Select(e => e.Job).ToArray(), Jobs = entries.ToArray(),
            HistoryFile = runFile, TranscriptPath = whatIf ? null : _log?.Path, WhatIf = whatIf,
        };

        private MaintenanceHistoryEntry NewEntry(MaintenanceJob job) => new MaintenanceHistoryEntry
        {
            RunId = RunId, RunName = _options.Name, Job = job.Name, Command = job.Command, ComputerName = _options.ComputerName,
            RunFor = _options.Now, Start = DateTime.Now, Outcome = MaintenanceOutcome.Succeeded, TranscriptPath = _log?.Path,
        };

        private static void Finish(MaintenanceHistoryEntry entry, MaintenanceJobResult result)
        {
            entry.End = DateTime.Now;
            entry.DurationSeconds = Math.Round((entry.End - entry.Start).TotalSeconds, 3);
            if (result.Skipped) entry.Outcome = MaintenanceOutcome.Skipped;
            else if (result.ErrorId != null)
            {
                entry.Outcome = MaintenanceOutcome.Failed;
                entry.ErrorId = result.ErrorId;
                entry.ErrorMessage = result.ErrorMessage;
                entry.ErrorCount = Math.Max(1, result.ErrorCount);
            }
            entry.OutputCount = result.Output.Count;
            entry.Samples = OutputSummary.Samples(result.Output);
            var warnings = new List<string>(result.Warnings);
            entry.Figures = OutputSummary.Summarise(result.Output, warnings);
            entry.Warnings = warnings.Distinct().ToArray();
        }

        private void Save(MaintenanceHistoryStore store, string runFile, List<MaintenanceHistoryEntry> entries)
        {
            try { store.WriteRun(runFile, entries); }
            catch (RostrvmException ex) { _error(ex); }
        }

        private void Say(string line)
        {
            _log?.Write(line);
            _say(line);
        }

        private void Warn(string message)
        {
            _log?.Write("WARNING: " + message);
            _reporter.Warning(message);
        }

        public void Dispose() => _log?.Dispose();
    }
}
