using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using Rostrvm.Core.Configuration;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>
    /// Changes settings in the settings file; only the parameters given change. Each parameter
    /// is named after the setting it changes (lists and tables take the singular name).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "RostrvmConfiguration", SupportsShouldProcess = true)]
    [OutputType(typeof(RostrvmSettings))]
    public sealed class SetRostrvmConfigurationCommand : RostrvmCmdlet
    {
        protected override bool CreatesSettings => true;

        [Parameter(ValueFromPipelineByPropertyName = true), Alias("SqlInstance")] public string? Server { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(1, 65535)] public int Port { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? Version { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? Database { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? OptionFile { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? CredentialFile { get; set; }
        /// <summary>With -CredentialFile: the account stored there, DPAPI-protected for the current user (Windows only).</summary>
        [Parameter, Credential, Alias("SqlCredential")] public PSCredential? Credential { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateSet("None", "Preferred", "Required", "VerifyCA",
            "VerifyFull")] public string? SslMode { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(0, 86400)] public int CommandTimeoutSeconds { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? BackupPath { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(1, 99)] public int BackupCycle { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public bool BackupCompress { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateSet("Gzip", "Zstd")] public string? BackupCompression { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public bool TestBackupAfterWeekly { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), Alias("ScriptPaths")] public string[]? ScriptPath { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? EncryptionRecipient { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string[]? Mirror { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(0, 36500)] public int MirrorRetentionDays { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(1, 99)] public int MirrorCycle { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? MirrorKeyFile { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? BinlogPath { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? BinlogBackupPath { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? MisExtractPath { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(1, 1200)] public int MisRetentionMonths { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(1, 1000000)] public int MisBatchSize { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), Alias("MisTables")] public Hashtable? MisTable { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? LogPath { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(0, 3650)] public int LogCompressAfterDays { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(1, 36500)] public int LogRetentionDays { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), Alias("LogPatterns")] public string[]? LogPattern { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? ArchivePath { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(1, long.MaxValue)] public long ArchiveMaxSizeMB { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateSet("None", "Day", "Week",
            "Month")] public string? ArchivePeriod { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(0, 36500)] public int RecordingRetentionDays { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(0, 100)] public int StorageWarningPercent { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(0, 3650)] public int StorageWarningDays { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateSet("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday")] public string? WeeklyDay { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? WeeklyTime { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? NightlyTime { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? RecordingArchiveTime { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? TaskAccount { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true)] public string? HistoryPath { get; set; }
        [Parameter(ValueFromPipelineByPropertyName = true), ValidateRange(0, 86400)] public int LockTimeoutSeconds { get; set; }

        /// <summary>
        /// Adds or changes recording kinds: hashtables with Kind (Voice, Email, Sms, Chat or a new
        /// kind) and the parts to change (Table, TimeColumn, IdColumn, BodyColumn, CallIdColumn,
        /// CallTable, ArchivePrefix, ArchiveFileColumn, ArchiveEntryColumn). Checked against the server.
        /// </summary>
        [Parameter] [ValidateNotNullOrEmpty] public Hashtable[]? RecordingSource { get; set; }

        /// <summary>Save a RecordingSource without checking it against the server (when the server cannot be reached now).</summary>
        [Parameter] public SwitchParameter Force { get; set; }

        /// <summary>Return the settings after the change.</summary>
        [Parameter] public SwitchParameter PassThru { get; set; }

        private static readonly Dictionary<string, string> s_pluralSettings =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ScriptPath"] = nameof(RostrvmSettings.ScriptPaths),
            ["LogPattern"] = nameof(RostrvmSettings.LogPatterns),
            ["MisTable"] = nameof(RostrvmSettings.MisTables),
        };

        protected override void EndProcessing()
        {
            foreach (var name in new[] { nameof(WeeklyTime), nameof(NightlyTime), nameof(RecordingArchiveTime) })
                if (MyInvocation.BoundParameters.TryGetValue(name, out var time) && !TimeOfDay.IsValid(time as string))
                    ThrowFailure(TimeOfDay.Invalid(name, time as string), time);
            if (!string.IsNullOrEmpty(OptionFile))
            {
                // Refused now, not at the first connection of the night; -Force allows a file not written yet.
                try { Core.Connection.OptionFile.CheckPrivate(GetUnresolvedProviderPathFromPSPath(OptionFile)); }
                catch (Core.Errors.RostrvmException ex) when (!(Force
                    && ex.ErrorId == "OptionFileNotFound")) { ThrowFailure(ex, OptionFile); }
                catch (Core.Errors.RostrvmException) { WriteWarning(
                    $"The option file '{OptionFile}' does not exist yet; every connection fails until it does."); }
            }
            if (!string.IsNullOrEmpty(CredentialFile)) CheckCredentialFile();
            else if (Credential != null)
                ThrowFailure(new Core.Errors.RostrvmException("CredentialFileMissing", Core.Errors.FailureKind.InvalidArgument,
                    "-Credential is stored only in a credential file: give -CredentialFile too (or use -OptionFile).", null),
                    null);
            var settings = Settings;
            var changed = new List<string>();
            foreach (var parameter in MyInvocation.BoundParameters)
            {
                var propertyName = s_pluralSettings.TryGetValue(parameter.Key, out var plural) ? plural : parameter.Key;
                var property = typeof(RostrvmSettings).GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance);
                if (property == null || !property.CanWrite || property.Name == nameof(RostrvmSettings.SettingsPath)) continue;
                property.SetValue(settings, Convert(parameter.Value, property.PropertyType));
                changed.Add(property.Name);
            }

            if (RecordingSource != null)
            {
                SetRecordingSources(settings, RecordingSource);
                changed.Add(nameof(RostrvmSettings.RecordingSources));
            }

            if (Credential != null && ShouldProcess(CredentialFile, "Store the credential of " + Credential.UserName + " for this account"))
            {
                var path = GetUnresolvedProviderPathFromPSPath(CredentialFile);
                try { Core.Configuration.CredentialFile.Write(path, Credential.GetNetworkCredential()); }
                catch (Exception ex) { ThrowFailure(ex, CredentialFile); }
            }
            if (changed.Count > 0 && ShouldProcess(settings.SettingsPath, "Change " + string.Join(", ", changed)))
            {
                try { SettingsStore.Save(settings, settings.SettingsPath); }
                catch (Exception ex) { ThrowFailure(ex, settings.SettingsPath); }
            }
            if (PassThru) WriteObject(settings);
            base.EndProcessing();
        }

        /// <summary>Refused where DPAPI does not exist; without -Credential the file must already hold one (-Force: not yet).</summary>
        private void CheckCredentialFile()
        {
            var path = GetUnresolvedProviderPathFromPSPath(CredentialFile);
            try
            {
                Core.Configuration.CredentialFile.RefuseUnsupported(path);
                if (Credential == null && !System.IO.File.Exists(path) && !Force)
                    throw new Core.Errors.RostrvmException("CredentialFileNotFound", Core.Errors.FailureKind.ObjectNotFound,
                        $"The credential file '{path}' does not exist. Give -Credential to create it (as the task account), or -Force.",
                        path);
            }
            catch (Core.Errors.RostrvmException ex) { ThrowFailure(ex, CredentialFile); }
        }

        /// <summary>Each given kind merged over what the settings have (or the defaults), checked, then written whole.</summary>
        private void SetRecordingSources(RostrvmSettings settings, Hashtable[] tables)
        {
            var sources = settings.EffectiveRecordingSources.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
            foreach (var table in tables)
            {
                var kind = table["Kind"]?.ToString();
                if (kind is not { Length: > 0 })
                {
                    ThrowFailure(new Core.Errors.RostrvmException("RecordingSourceInvalid", Core.Errors.FailureKind.InvalidArgument,
                        "Each -RecordingSource needs a Kind (Voice, Email, Sms, Chat, or a new kind's name).", null), null);
                    return;
                }
                var changes = table.Keys.Cast<object>().Where(k => !string.Equals(k.ToString(), "Kind", StringComparison.OrdinalIgnoreCase))
                    .ToDictionary(k => k.ToString(), k => table[k]?.ToString());
                try
                {
                    sources.TryGetValue(kind, out var current);
                    // A part given as $null is cleared.
                    var source = Core.Recordings.RecordingSourceCheck.Merge(current, changes);
                    if (!Force)
                    {
                        var options = Core.Connection.ConnectionOptions.FromSettings(settings);
                        Run(token => Core.Recordings.RecordingSourceCheck.ValidateAsync(options, kind, source, token));
                    }
                    sources[kind] = source;
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowFailure(ex, kind); }
            }
            settings.RecordingSources = new Dictionary<string, RecordingSource>(sources, StringComparer.OrdinalIgnoreCase);
        }

        private static object? Convert(object? value, Type target)
        {
            value = value is PSObject ps ? ps.BaseObject : value;
            // A setting left empty, piped from Get-RostrvmConfiguration, stays empty.
            if (value == null) return null;
            if (target == typeof(List<string>)) return ((IEnumerable)value).Cast<object>().Select(v => v?.ToString()).ToList();
            if (target == typeof(Dictionary<string, string>))
            {
                // A table entry given as $null stays null.
                var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                foreach (DictionaryEntry entry in (Hashtable)value) result[entry.Key.ToString()] = entry.Value?.ToString();
                return result;
            }
            return LanguagePrimitives.ConvertTo(value, target);
        }
    }
}
