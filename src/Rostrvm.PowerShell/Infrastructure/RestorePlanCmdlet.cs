using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Restore;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>
    /// The target parameters Get-RostrvmRestorePlan and Restore-RostrvmDatabase share, and the
    /// one way they become a <see cref="RestoreRequest"/> and a plan.
    /// </summary>
    public abstract class RestorePlanCmdlet : RostrvmDatabaseCmdlet, IDisposable
    {
        private Rostrvm.Core.Encryption.DecryptedBinlogs? _decrypted;

        /// <summary>PowerShell disposes the cmdlet when its pipeline ends: decrypted binlogs never outlive the command.</summary>
        public void Dispose() => _decrypted?.Dispose();

        /// <summary>Restore this .rbk (alone, or as the start of a point-in-time restore).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.BackupFileCompleter))]
        public string? Path { get; set; }

        /// <summary>Everything committed before this moment: a DateTime (local unless its Kind is Utc) or a DateTimeOffset.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? PointInTime { get; set; }

        /// <summary>Stop before the event at this binlog position: file:position, e.g. rtmbinlog.000012:4567.</summary>
        [Parameter]
        [StopPositionTransformation]
        [ArgumentCompleter(typeof(Completion.StopPositionCompleter))]
        public BinlogPosition? StopPosition { get; set; }

        /// <summary>Stop before the transaction holding this event (an object from Get-RostrvmBinlogEvent, or file:position).</summary>
        [Parameter]
        [ValidateNotNull]
        public PSObject? StopBefore { get; set; }

        /// <summary>Replay to the end except these transactions: GTIDs, file:position, or events/transactions from
        /// Get-RostrvmBinlogEvent.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? ExcludeTransaction { get; set; }

        /// <summary>Restore into this database instead of the live one (names in statements and table maps rewritten).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.DatabaseNameCompleter))]
        public string? TargetDatabase { get; set; }

        /// <summary>No backup: rebuild from every binlog since the first one.</summary>
        [Parameter]
        public SwitchParameter FromBinlogOnly { get; set; }

        /// <summary>Folder of .rbk files; default BackupPath from the settings.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupPath { get; set; }

        /// <summary>Folders of binlogs; default the server's binlog directory and &lt;root&gt;/backups/binlog.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? BinlogPath { get; set; }

        /// <summary>The private key that opens encrypted (.gpg) files: a key file path, or a PSCredential (user name = key file, password =
        /// passphrase).</summary>
        [Parameter]
        [ValidateNotNull]
        public object? DecryptionKey { get; set; }

        /// <summary>The passphrase of the -DecryptionKey file, as a SecureString (or a PSCredential's password).</summary>
        [Parameter]
        [SecretTransformation]
        public System.Security.SecureString? DecryptionPassphrase { get; set; }

        /// <summary>
        /// A path as given, or for an sftp:// mirror URI the private local cache its files are
        /// brought into first: restores and plans then read mirrored files as local ones.
        /// </summary>
        private string LocalPath(string path)
        {
            if (!Rostrvm.Core.Mirror.MirrorDestination.IsRemote(path)) return GetUnresolvedProviderPathFromPSPath(path);
            var options = Rostrvm.Core.Mirror.MirrorOptions.From(Settings);
            var cache = MirrorPublishing.CacheRoot(Settings);
            return Run(token => System.Threading.Tasks.Task.Run(() => Rostrvm.Core.Mirror.MirrorFetch.Fetch(path, cache,
                options, token), token));
        }

        /// <summary>Builds the plan (planning reads the binlogs; it changes nothing).</summary>
        protected RestorePlan BuildPlan()
        {
            UseDecryptionKey(DecryptionKey, DecryptionPassphrase);
            var request = RestoreRequest.From(Settings, Connection.Database,
                BackupPath is { Length: > 0 } backupFolder ? LocalPath(backupFolder) : null);
            request.TargetDatabase = TargetDatabase;
            request.BackupPath = Path is { Length: > 0 } backupFile ? LocalPath(backupFile) : null;
            request.FromBinlogOnly = FromBinlogOnly.IsPresent;
            request.Exclude = (ExcludeTransaction ?? new object[0]).Select(ExclusionText).ToList();
            var targets = (PointInTime != null ? 1 : 0) + (StopPosition != null ? 1 : 0) + (StopBefore != null ? 1 : 0);
            if (targets > 1 || targets > 0 && request.Exclude.Count > 0)
                ThrowFailure(new RostrvmException("RestoreTargetAmbiguous", FailureKind.InvalidArgument,
                    "Give one target: -PointInTime, -StopPosition, -StopBefore or -ExcludeTransaction."), null);
            if (PointInTime != null)
            {
                request.Kind = RestoreTargetKind.PointInTime;
                try { request.PointInTimeUtc = ToUtc(PointInTime); }
                catch (RostrvmException ex) { ThrowFailure(ex, PointInTime); }
            }
            else if (StopPosition != null)
            {
                request.Kind = RestoreTargetKind.Position;
                // The last file of a chain changes as the server writes: a restore names its file.
                if (StopPosition.File == null)
                    ThrowFailure(new RostrvmException(BinlogPosition.InvalidId, FailureKind.InvalidArgument,
                        $"-StopPosition {StopPosition} names no binlog file: a restore needs file:position (e.g. rtmbinlog.000012:4567)."),
                        StopPosition);
                request.StopFile = StopPosition.File;
                request.StopPosition = StopPosition.Position;
            }
            else if (StopBefore != null)
            {
                request.Kind = RestoreTargetKind.BeforeTransaction;
                var text = PositionOf(StopBefore);
                if (text == null || !RestorePlanner.TryParsePosition(text, out var file, out var position))
                    ThrowFailure(new RostrvmException("StopBeforeInvalid", FailureKind.InvalidArgument,
                        "-StopBefore needs an event or transaction from Get-RostrvmBinlogEvent (with File and Position) or a " +
                            "file:position string."), StopBefore);
                else { request.StopFile = file; request.StopPosition = position; }
            }
            else if (!string.IsNullOrEmpty(Path) && request.Exclude.Count == 0) request.Kind = RestoreTargetKind.BackupOnly;
            else request.Kind = RestoreTargetKind.Latest;

            // Mirror URIs are fetched here, on the pipeline thread, not inside the Run below.
            var binlogFolders = BinlogPath?.Select(LocalPath).ToList();
            Run(async token =>
            {
                var folders = new List<string>();
                string? baseName = null;
                using (var connection = await ConnectionFactory.OpenAsync(Connection, false, token).ConfigureAwait(false))
                {
                    var locations = await BinlogLocations.ResolveAsync(Settings, connection, token).ConfigureAwait(false);
                    baseName = locations.BaseName;
                    if (BinlogPath == null) folders.AddRange(locations.ChainFolders);
                }
                if (BinlogPath != null) folders.AddRange(binlogFolders);
                if (DecryptionKeyInUse != null)
                {
                    // Encrypted binlog copies are read from a private decrypted folder, deleted when the command ends.
                    _decrypted?.Dispose();
                    _decrypted = Rostrvm.Core.Encryption.DecryptedBinlogs.From(folders, MirrorPublishing.CacheRoot(Settings),
                        DecryptionKeyInUse, token);
                    if (_decrypted.Folder != null) folders.Add(_decrypted.Folder);
                }
                request.BinlogFolders = folders;
                request.BinlogBaseName = baseName;
                return true;
            });
            return Run(token => System.Threading.Tasks.Task.Run(() => RestorePlanner.Plan(request, token), token));
        }

        /// <summary>DateTime (Unspecified = local time of this machine), DateTimeOffset, or a string of either.</summary>
        internal static DateTime ToUtc(object value)
        {
            if (value is PSObject ps) value = ps.BaseObject;
            switch (value)
            {
                case DateTimeOffset offset: return offset.UtcDateTime;
                case DateTime time: return time.Kind == DateTimeKind.Utc ? time : DateTime.SpecifyKind(time,
                    DateTimeKind.Local).ToUniversalTime();
                case string text:
                    if (DateTimeOffset.TryParse(text, CultureInfo.CurrentCulture, DateTimeStyles.AssumeLocal,
                        out var parsed)) return parsed.UtcDateTime;
                    break;
            }
            throw new RostrvmException("InvalidPointInTime", FailureKind.InvalidArgument,
                $"-PointInTime '{value}' is not a moment: give a date and time ('2026-11-24 14:05', local time of this machine), a " +
                    $"[DateTimeOffset] with its zone, or a [DateTime].", value);
        }

        private static object? Property(PSObject obj, params string[] names)
        {
            foreach (var name in names)
            {
                var p = obj.Properties[name];
                if (p != null && p.Value != null && !string.IsNullOrEmpty(Convert.ToString(p.Value,
                    CultureInfo.InvariantCulture))) return p.Value;
            }
            return null;
        }

        /// <summary>"file:position" of an event or transaction object (transactions: their first event).</summary>
        private static string? PositionOf(PSObject obj)
        {
            if (obj.BaseObject is string s) return s;
            var file = Property(obj, "StartFile", "File", "BinlogFile", "LogFile", "FileName");
            var position = Property(obj, "StartPosition", "Position");
            if (file == null || position == null) return null;
            return System.IO.Path.GetFileName(Convert.ToString(file, CultureInfo.InvariantCulture)) + ":" + Convert.ToString(position,
                CultureInfo.InvariantCulture);
        }

        private static string ExclusionText(object item)
        {
            var obj = item as PSObject ?? new PSObject(item);
            // A typed GTID takes the form the reader shows (case, spaces; uuid:tag:n for tagged ones).
            if (obj.BaseObject is string s) return GtidText.Normalize(s);
            var gtid = Property(obj, "Gtid");
            return gtid != null ? Convert.ToString(gtid, CultureInfo.InvariantCulture) : PositionOf(obj) ?? Convert.ToString(item,
                CultureInfo.InvariantCulture);
        }

        /// <summary>The plan as lines for -WhatIf and verbose output.</summary>
        internal static string Describe(RestorePlan plan)
        {
            var lines = new List<string>
            {
                $"Restore '{plan.Database}' into '{plan.TargetDatabase}' ({plan.TargetKind}" + (plan.PointInTimeUtc.HasValue
                    ? $" {plan.PointInTimeUtc:yyyy-MM-dd HH:mm:ss} UTC / {plan.PointInTime:yyyy-MM-dd HH:mm:ss} local" : "") + ")",
                plan.FromBinlogOnly ? "  no backup: every binlog from the first"
                    : $"  backup {plan.BackupPath} (snapshot {plan.BackupSnapshotTimeUtc:yyyy-MM-dd HH:mm:ss} UTC at " +
                    $"{plan.BackupBinlogFile}:{plan.BackupBinlogPosition})",
            };
            foreach (var b in plan.Binlogs) lines.Add($"  binlog {b.Name} [{b.Source}] {b.StartPosition}..{b.StopPosition}");
            if (plan.StopEvent != null) lines.Add("  stop before " + plan.StopEvent);
            if (plan.LastApplied != null) lines.Add("  last applied: " + plan.LastApplied);
            if (plan.FirstNotApplied != null) lines.Add("  first not applied: " + plan.FirstNotApplied);
            foreach (var e in plan.Excluded) lines.Add("  excluded: " + e);
            lines.Add("  " + plan.Verdict);
            return string.Join(Environment.NewLine, lines);
        }
    }
}
