using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Jobs;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>
    /// Base of every Rostrvm cmdlet: the settings, Ctrl+C as a cancellation token, core jobs run
    /// off the pipeline thread while every Write* call is marshalled back onto it, one reused
    /// progress record per activity, and core failures turned into error records.
    /// </summary>
    public abstract class RostrvmCmdlet : PSCmdlet, IJobReporter
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly BlockingCollection<Action> _pipelineQueue = new BlockingCollection<Action>();
        private readonly ConcurrentDictionary<string, ProgressRecord> _progress = new ConcurrentDictionary<string, ProgressRecord>();
        private RostrvmSettings? _settings;
        private int _pipelineThreadId;
        private volatile string? _step;

        /// <summary>The settings file to use instead of the one under $env:ROSTRVM_ROOT.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ConfigurationPath { get; set; }

        protected CancellationToken CancellationToken => _cancellation.Token;

        /// <summary>True for the one cmdlet that may write a settings file that does not exist yet.</summary>
        protected virtual bool CreatesSettings => false;

        /// <summary>The private key the readers open encrypted backups and binlog copies with, when the cmdlet was given one.</summary>
        protected Rostrvm.Core.Encryption.DecryptionKey? DecryptionKeyInUse { get; private set; }

        /// <summary>
        /// The key files are encrypted for: -EncryptFor, else EncryptionRecipient from the settings,
        /// else none. Resolved before any work, so a bad recipient changes nothing.
        /// </summary>
        protected Rostrvm.Core.Encryption.OpenPgpRecipient? EncryptionRecipientFor(string? encryptFor)
        {
            var recipient = string.IsNullOrEmpty(encryptFor) ? Settings.EncryptionRecipient : encryptFor;
            if (recipient is not { Length: > 0 }) return null;
            if (encryptFor is { Length: > 0 } && System.IO.File.Exists(GetUnresolvedProviderPathFromPSPath(encryptFor)))
                recipient = GetUnresolvedProviderPathFromPSPath(encryptFor);
            try { return Rostrvm.Core.Encryption.OpenPgpRecipient.Resolve(recipient); }
            catch (RostrvmException ex) { ThrowFailure(ex, recipient); return null; }
        }

        /// <summary>
        /// Copies the files a job just finished to every mirror of the settings. A mirror that fails
        /// is one non-terminating error (MirrorUnavailable, ...) and a history entry; the local
        /// files and the job's output are never affected.
        /// </summary>
        protected void PublishToMirrors(
            System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, string>> files)
        {
            var options = Rostrvm.Core.Mirror.MirrorOptions.From(Settings);
            if (options.Destinations.Count == 0 || files.Count == 0) return;
            var sync = new Rostrvm.Core.Mirror.MirrorSync(options, Reporter);
            try { Run(token => Task.Run(() => sync.Publish(files, token), token)); }
            catch (OperationCanceledException) { throw; }
            ReportMirrorFailures(sync.Failures);
        }

        /// <summary>Each failed mirror copy: a non-terminating error and a maintenance history entry.</summary>
        protected void ReportMirrorFailures(System.Collections.Generic.IEnumerable<RostrvmException> failures)
        {
            foreach (var failure in failures)
            {
                WriteError(ErrorRecords.From(failure, failure.Target));
                try { MirrorPublishing.Record(Settings, MyInvocation.MyCommand.Name, failure); }
                catch (RostrvmException ex) { WriteWarning(ex.Message); }
            }
        }

        /// <summary>Opens -DecryptionKey once per command; a missing, unreadable or shared key file stops it.</summary>
        protected void UseDecryptionKey(object? key, System.Security.SecureString? passphrase)
        {
            if (key == null || DecryptionKeyInUse != null) return;
            try { DecryptionKeyInUse = DecryptionKeyArgument.Resolve(key, passphrase, GetUnresolvedProviderPathFromPSPath); }
            catch (RostrvmException ex) { ThrowFailure(ex, key); }
        }

        protected RostrvmSettings Settings
        {
            get
            {
                if (_settings == null)
                {
                    try { _settings = SettingsStore.Load(ConfigurationPath, CreatesSettings); }
                    catch (Exception ex)
                    {
                        ThrowTerminatingError(ErrorRecords.From(ex, ConfigurationPath));
                        throw; // not reached: ThrowTerminatingError throws, but the compiler cannot know it
                    }
                }
                return _settings;
            }
        }

        protected override void BeginProcessing() => _pipelineThreadId = Thread.CurrentThread.ManagedThreadId;

        protected override void StopProcessing() => _cancellation.Cancel();

        protected override void EndProcessing() => CompleteProgress();

        /// <summary>Runs core work off the pipeline thread, pumping its messages onto it.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            if (_pipelineThreadId == 0) _pipelineThreadId = Thread.CurrentThread.ManagedThreadId;
            var key = DecryptionKeyInUse;
            // The key flows only into this command's work (see DecryptionScope).
            var task = Task.Run(() => { Rostrvm.Core.Encryption.DecryptionScope.Use(key); return work(CancellationToken); });
            task.ContinueWith(_ => _pipelineQueue.Add(() => { }), TaskScheduler.Default);
            while (!task.IsCompleted)
            {
                if (_pipelineQueue.TryTake(out var action, Timeout.Infinite)) action();
            }
            while (_pipelineQueue.TryTake(out var pending)) pending();
            return task.GetAwaiter().GetResult();
        }

        protected void Run(Func<CancellationToken, Task> work) =>
            Run(async token => { await work(token).ConfigureAwait(false); return true; });

        private void OnPipeline(Action action)
        {
            if (Thread.CurrentThread.ManagedThreadId == _pipelineThreadId) action();
            else _pipelineQueue.Add(action);
        }

        void IJobReporter.Progress(JobProgress progress)
        {
            _step = string.IsNullOrEmpty(progress.Status) ? progress.Activity : progress.Activity + ": " + progress.Status;
            ReportProgress(progress);
        }

        private void ReportProgress(JobProgress progress) => OnPipeline(() =>
        {
            var record = _progress.GetOrAdd(progress.Activity, a => new ProgressRecord(Math.Abs(a.GetHashCode() % 10000), a, "Starting"));
            record.StatusDescription = string.IsNullOrEmpty(progress.Status) ? "Working" : progress.Status;
            record.PercentComplete = progress.PercentComplete;
            record.CurrentOperation = progress.CurrentOperation;
            record.RecordType = ProgressRecordType.Processing;
            WriteProgress(record);
        });

        void IJobReporter.Verbose(string message) => OnPipeline(() => WriteVerbose(message));

        void IJobReporter.Warning(string message) => OnPipeline(() => WriteWarning(message));

        /// <summary>This cmdlet as the reporter core jobs talk to.</summary>
        protected IJobReporter Reporter => this;

        private void CompleteProgress()
        {
            foreach (var record in _progress.Values)
            {
                record.RecordType = ProgressRecordType.Completed;
                WriteProgress(record);
            }
            _progress.Clear();
        }

        /// <summary>-WhatIf given, or $WhatIfPreference set in the caller's scope.</summary>
        protected bool WhatIfRequested => Switch("WhatIf", "WhatIfPreference");

        /// <summary>
        /// True when ShouldProcess will show its text (-WhatIf, a -Confirm prompt, or -Verbose),
        /// from the common parameters and the caller's preference variables; true when in doubt.
        /// Lets a cmdlet skip work whose only use is that text.
        /// </summary>
        protected bool ShouldProcessTextShown(ConfirmImpact impact)
        {
            try
            {
                return WhatIfRequested
                    || (MyInvocation.BoundParameters.ContainsKey("Confirm") ? Switch("Confirm", null) : ConfirmPreferenceAt(impact))
                    || (MyInvocation.BoundParameters.ContainsKey("Verbose") ? Switch("Verbose", null) : VerbosePreferenceOn());
            }
            catch (Exception ex) when (ex is InvalidCastException || ex is ArgumentException || ex is PSInvalidOperationException)
            {
                return true;
            }
        }

        private bool Switch(string parameter, string? preference)
        {
            if (MyInvocation.BoundParameters.TryGetValue(parameter, out var bound)) return LanguagePrimitives.IsTrue(bound);
            return preference != null && LanguagePrimitives.IsTrue(GetVariableValue(preference));
        }

        private bool ConfirmPreferenceAt(ConfirmImpact impact)
        {
            var value = GetVariableValue("ConfirmPreference");
            if (value == null) return impact >= ConfirmImpact.High;
            var preference = LanguagePrimitives.ConvertTo<ConfirmImpact>(value);
            return preference != ConfirmImpact.None && impact >= preference;
        }

        private bool VerbosePreferenceOn()
        {
            var value = GetVariableValue("VerbosePreference");
            return value != null && LanguagePrimitives.ConvertTo<ActionPreference>(value) != ActionPreference.SilentlyContinue;
        }

        /// <summary>A non-terminating error for one failed item.</summary>
        protected void WriteFailure(Exception exception, object? target) => WriteError(ErrorRecords.From(Explain(exception), target));

        /// <summary>A terminating error for bad set-up.</summary>
        protected void ThrowFailure(Exception exception, object? target) =>
            ThrowTerminatingError(ErrorRecords.From(Explain(exception), target));

        /// <summary>host:port of the database server this cmdlet works on, for its errors; null when it has none.</summary>
        protected virtual string? ServerName => null;

        /// <summary>
        /// What this job leaves as it was when the server goes away midway (its safety guarantee, in
        /// one sentence), for the ServerConnectionLost message; null says nothing particular.
        /// </summary>
        protected virtual string? LeftAsItWasWhenServerLost => null;

        /// <summary>
        /// The one place every job's failure passes: a server lost midway (however the connector or
        /// the core put it) becomes ServerConnectionLost naming the server, the step the job last
        /// reported and what it left as it was. A connection that cannot be made after the job
        /// already worked (its server went away between two steps) is the same loss.
        /// </summary>
        private Exception Explain(Exception exception)
        {
            var step = _step;
            if (_cancellation.IsCancellationRequested && (exception is OperationCanceledException || ConnectionLoss.Is(exception)))
                return new OperationCanceledException("The command was stopped.", exception);
            var lost = ConnectionLoss.Translate(exception, ServerName, step, LeftAsItWasWhenServerLost);
            if (lost != null) return lost;
            if (step != null && exception is RostrvmException unreachable && unreachable.ErrorId == ConnectionLoss.UnreachableId)
                return new ServerConnectionLostException(ServerName ?? unreachable.Target as string, step, LeftAsItWasWhenServerLost,
                    unreachable.InnerException ?? unreachable);
            return exception;
        }
    }
}
