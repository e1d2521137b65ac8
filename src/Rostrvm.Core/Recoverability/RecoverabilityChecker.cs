using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Restore;

namespace Rostrvm.Core.Recoverability
{
    /// <summary>
    /// Test-RostrvmRecoverability: the newest complete backup, whether a test proved it, and the
    /// binlog chain from its coordinates to the server's current file (BinlogChain, the restore
    /// planner's own walker), judged into RecoverableFrom/To, an RPO and problems. It reads backup
    /// headers and tails and binlog event headers only, never a body.
    /// </summary>
    public static class RecoverabilityChecker
    {
        public static async Task<RecoverabilityReport> CheckAsync(ConnectionOptions connection,
            RecoverabilityOptions options, CancellationToken token)
        {
            string? activeFile;
            string? serverFolder = options.ServerBinlogFolder;
            string? baseName = null;
            using (var session = await ConnectionFactory.OpenAsync(connection, false, token).ConfigureAwait(false))
            {
                var info = await ServerInfo.ReadAsync(session, token).ConfigureAwait(false);
                var logs = await BinlogCatalog.ServerLogsAsync(session, token).ConfigureAwait(false);
                activeFile = logs.LastOrDefault()?.Name;
                if (!string.IsNullOrEmpty(info.BinlogBasename))
                {
                    baseName = Path.GetFileName(info.BinlogBasename);
                    if (string.IsNullOrEmpty(serverFolder)) serverFolder = Path.GetDirectoryName(info.BinlogBasename);
                }
            }
            if (!string.IsNullOrEmpty(serverFolder) && !Directory.Exists(serverFolder)) serverFolder = null;
            var report = Check(options, serverFolder, baseName, activeFile, DateTime.UtcNow, token);
            report.Server = connection.Server;
            report.Port = connection.Port;
            return report;
        }

        /// <summary>The judgement itself, once the server has said which binlog it writes now.</summary>
        public static RecoverabilityReport Check(RecoverabilityOptions options, string? serverFolder, string? baseName, string? activeFile,
            DateTime nowUtc, CancellationToken token)
        {
            var problems = new List<RecoverabilityProblem>();
            var report = new RecoverabilityReport
            {
                ComputerName = Environment.MachineName,
                Database = options.Database,
                ServerBinlogFolder = serverFolder,
                BinlogCopyFolder = options.BinlogCopyFolder,
                CurrentBinlog = activeFile,
                CheckedAtUtc = nowUtc,
                CheckedAt = nowUtc.ToLocalTime(),
            };

            var backup = NewestComplete(options, token);
            if (backup == null)
            {
                problems.Add(new RecoverabilityProblem("NoCompleteBackup", RecoverabilityProblem.Error,
                    $"No complete backup of '{options.Database}' is in '{options.BackupFolder}' (an unfinished or truncated file does " +
                        $"not count).",
                    "Run Backup-RostrvmDatabase now, and check the weekly maintenance history for why the full backup failed."));
            }
            else
            {
                report.BackupName = backup.Name;
                report.BackupPath = backup.Path;
                report.BackupSnapshotTimeUtc = backup.SnapshotTimeUtc;
                report.BackupSnapshotTime = backup.SnapshotTime;
                report.BackupBytes = backup.Bytes;
                report.BackupDurationSeconds = backup.Duration.TotalSeconds;
                report.RecoverableFromUtc = backup.SnapshotTimeUtc;
                report.RecoverableFrom = backup.SnapshotTime;
                JudgeTest(backup, options.Ledger?.Find(backup.Sha256), report, problems);
                if (nowUtc - backup.SnapshotTimeUtc > options.MaxBackupAge)
                    problems.Add(new RecoverabilityProblem("BackupStale", RecoverabilityProblem.Warning,
                        $"The newest complete backup, {backup.Name}, was taken {Age(nowUtc - backup.SnapshotTimeUtc)} ago; a restore " +
                            $"would replay every binlog since.",
                        "Check that the weekly full backup runs (Get-RostrvmMaintenanceHistory -Job FullBackup), or run " +
                            "Backup-RostrvmDatabase."));
            }

            var folders = new List<string>();
            if (serverFolder != null) folders.Add(serverFolder);
            if (options.BinlogCopyFolder is { Length: > 0 } copyFolder) folders.Add(copyFolder);
            var chain = BinlogChain.Discover(folders, baseName);
            foreach (var p in chain.Problems)
                problems.Add(new RecoverabilityProblem(p.Id, p.Id == "BinlogUnreadable" ? RecoverabilityProblem.Warning
                    : RecoverabilityProblem.Error, p.Message,
                    "Move the file named out of the binlog folders, or replace it with a good copy."));

            if (backup != null) JudgeChain(backup, chain, serverFolder, activeFile, nowUtc, report, problems);
            JudgeCopies(options, backup, nowUtc, report, problems);

            report.Problems = problems.ToArray();
            report.ProblemIds = problems.Select(p => p.Id).ToArray();
            report.Recoverable = backup != null && report.RecoverableToNow && problems.All(p => p.Severity != RecoverabilityProblem.Error);
            report.Verdict = problems.Any(p => p.Severity == RecoverabilityProblem.Error) ? "Red" : problems.Count > 0 ? "Amber" : "Green";
            report.Reason = problems.Count > 0
                ? problems.OrderBy(p => p.Severity == RecoverabilityProblem.Error ? 0 : 1).First().Message
                // No problem at all means a complete backup was found.
                : $"Recoverable to now from {backup!.Name} and {report.ChainFiles} binlog file(s).";
            return report;
        }

        private static BackupInfo? NewestComplete(RecoverabilityOptions options, CancellationToken token)
        {
            if (string.IsNullOrEmpty(options.BackupFolder) || !Directory.Exists(options.BackupFolder)) return null;
            return BackupCatalog.List(options.BackupFolder, false, token)
                .FirstOrDefault(b => b.Complete && string.Equals(b.Database, options.Database, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>
        /// A GTID domain (MariaDB) or source UUID (MySQL) that the backup's position does not know
        /// appearing in the chain after it: gtid_domain_id or the server's identity changed since.
        /// The replay still works; replicas and GTID-based tools see two histories.
        /// </summary>
        private static void JudgeGtidSources(BackupInfo backup, IReadOnlyList<RestoreBinlogFile> files,
            List<RecoverabilityProblem> problems)
        {
            var known = GtidSources.Of(backup.Gtid ?? string.Empty);
            if (known.Count == 0) return;
            foreach (var file in files)
            {
                IReadOnlyCollection<string>? state;
                try { state = GtidSources.AtStartOf(file.Path); }
                catch (Exception ex) when (ex is IOException || ex is BinlogFormatException) { continue; }
                var added = state?.Where(s => !known.Contains(s)).ToList();
                if (added == null || added.Count == 0) continue;
                problems.Add(new RecoverabilityProblem("GtidDomainChanged", RecoverabilityProblem.Warning,
                    $"From {file.Name} on, the binlogs carry GTIDs of {string.Join(", ", added)}, which the backup's GTID position " +
                        $"({backup.Gtid}) does not know: the server's gtid_domain_id (MariaDB) or its UUID (MySQL) changed after " +
                        $"{backup.Name}. A restore replays them, but replicas and GTID-based tools see two histories.",
                    "Check why it changed (SELECT @@gtid_domain_id, @@server_uuid); take a new full backup so later restores start in " +
                        "the new history."));
                return;
            }
        }

        private static void JudgeTest(BackupInfo backup, BackupTestRecord? test, RecoverabilityReport report,
            List<RecoverabilityProblem> problems)
        {
            if (test == null)
            {
                problems.Add(new RecoverabilityProblem("BackupUntested", RecoverabilityProblem.Warning,
                    $"The newest complete backup, {backup.Name}, has never passed Test-RostrvmBackup: nobody knows that it loads.",
                    $"Run: Get-RostrvmBackup | Where-Object Complete | Select-Object -First 1 | Test-RostrvmBackup"));
                return;
            }
            report.BackupTestPassed = test.Passed;
            report.BackupTestedAt = test.TestedAtUtc.ToLocalTime();
            if (!test.Passed)
                problems.Add(new RecoverabilityProblem("BackupTestFailed", RecoverabilityProblem.Error,
                    $"The newest complete backup, {backup.Name}, failed Test-RostrvmBackup on " +
                        $"{test.TestedAtUtc.ToLocalTime():yyyy-MM-dd HH:mm}.",
                    "Take a new backup (Backup-RostrvmDatabase) and test it; keep the failed file for investigation."));
        }

        private static void JudgeChain(BackupInfo backup, BinlogChain chain, string? serverFolder, string? activeFile, DateTime nowUtc,
            RecoverabilityReport report, List<RecoverabilityProblem> problems)
        {
            report.RecoverableToUtc = backup.SnapshotTimeUtc;
            if (backup.BinlogFile is not { Length: > 0 })
            {
                problems.Add(new RecoverabilityProblem("BackupHasNoBinlogPosition", RecoverabilityProblem.Error,
                    $"{backup.Name} records no binlog position (binary logging was off when it was taken): nothing after its snapshot " +
                        $"can be replayed.",
                    "Turn on log_bin and take a new backup."));
                Finish(report);
                return;
            }
            var chainProblems = new List<RestoreProblem>();
            var files = chain.From(backup.BinlogFile, backup.BinlogPosition, chainProblems);
            BinlogChain.TryParseName(backup.BinlogFile, out _, out var startSequence);
            if (files.Count == 0 && !chain.Files.Any(f => f.Sequence == startSequence))
            {
                problems.Add(new RecoverabilityProblem("BinlogPurgedBeforeCopy", RecoverabilityProblem.Error,
                    $"{backup.BinlogFile}, where {backup.Name} starts, is neither on the server nor in the binlog copies: it was purged " +
                        $"before it was copied. Only the backup's own moment ({backup.SnapshotTime:yyyy-MM-dd HH:mm:ss}) can be restored.",
                    "Take a new full backup now (Backup-RostrvmDatabase), then copy binlogs nightly (Backup-RostrvmBinlog) before the " +
                        "server purges them (binlog_expire_logs_seconds)."));
                Finish(report);
                return;
            }
            foreach (var p in chainProblems)
                problems.Add(new RecoverabilityProblem("BinlogGap", RecoverabilityProblem.Error, p.Message,
                    "Take a new full backup now (Backup-RostrvmDatabase) so the chain starts after the gap, and copy binlogs nightly " +
                        "(Backup-RostrvmBinlog)."));
            JudgeGtidSources(backup, files, problems);
            report.ChainFiles = files.Count;
            report.ChainBytes = files.Sum(f => f.StopPosition - f.StartPosition);
            report.ChainFirst = files.FirstOrDefault()?.Name;
            report.ChainLast = files.LastOrDefault()?.Name;
            var reachesActive = activeFile != null && files.Count > 0 && files[files.Count - 1].Name == activeFile;
            if (chainProblems.Count == 0 && reachesActive)
            {
                report.RecoverableToNow = true;
                report.RecoverableToUtc = nowUtc;
            }
            else
            {
                if (chainProblems.Count == 0)
                    problems.Add(new RecoverabilityProblem("ServerBinlogsUnavailable", serverFolder == null ? RecoverabilityProblem.Warning
                        : RecoverabilityProblem.Error,
                        $"The chain ends at {report.ChainLast ?? backup.BinlogFile}, but the server writes {activeFile ?? "(unknown)"}" +
                        (serverFolder == null ? ": the server's binlog directory is not readable from this machine."
                            : $": the files in between are not in '{serverFolder}'."),
                        "Run the check on the database server itself, or set BinlogPath to the server's binlog directory."));
                if (files.Count > 0)
                {
                    var last = BinlogCatalog.Describe(files[files.Count - 1].Path, false);
                    if (last.LastEventTimeUtc.HasValue
                        && last.LastEventTimeUtc.Value > backup.SnapshotTimeUtc) report.RecoverableToUtc = last.LastEventTimeUtc.Value;
                }
            }
            Finish(report);
        }

        private static void Finish(RecoverabilityReport report) => report.RecoverableTo = report.RecoverableToUtc?.ToLocalTime();

        private static void JudgeCopies(RecoverabilityOptions options, BackupInfo? backup, DateTime nowUtc, RecoverabilityReport report,
            List<RecoverabilityProblem> problems)
        {
            var copies = options.BinlogCopyFolder is { Length: > 0 } copyFolder && Directory.Exists(copyFolder)
                ? BinlogCatalog.FilesInFolder(copyFolder) : new List<string>();
            DateTime? safeUntil = null;
            if (copies.Count > 0)
            {
                var newest = BinlogCatalog.Describe(copies.OrderBy(BinlogCatalog.SequenceOf).Last(), false);
                report.NewestCopy = newest.Name;
                report.NewestCopyTimeUtc = newest.LastEventTimeUtc;
                safeUntil = newest.LastEventTimeUtc;
            }
            if (backup != null && (safeUntil == null || safeUntil < backup.SnapshotTimeUtc)) safeUntil = backup.SnapshotTimeUtc;
            if (safeUntil.HasValue) report.Rpo = nowUtc > safeUntil.Value ? nowUtc - safeUntil.Value : TimeSpan.Zero;
            if (report.Rpo.HasValue && report.Rpo.Value > options.MaxRpo)
                problems.Add(new RecoverabilityProblem("BinlogCopyStale", RecoverabilityProblem.Warning,
                    copies.Count == 0
                        ? $"No binlog has been copied off the server directory to '{options.BinlogCopyFolder}': losing the disk would " +
                            $"lose everything since {backup?.Name ?? "the backup"} ({Age(report.Rpo.Value)})."
                        : $"The newest binlog copy, {report.NewestCopy}, ends {Age(report.Rpo.Value)} ago: losing the server's disk now " +
                            $"would lose that much.",
                    "Run Backup-RostrvmBinlog, and check the nightly maintenance history " +
                        "(Get-RostrvmMaintenanceHistory -Job BinlogCopy)."));
            var rate = backup != null && report.BackupTestPassed == true ? options.Ledger?.Find(backup.Sha256)?.LoadBytesPerSecond : null;
            if (rate.HasValue && backup != null) report.EstimatedRestoreTime = TimeSpan.FromSeconds(Math.Ceiling(
                (backup.Bytes + report.ChainBytes) / rate.Value));
        }

        private static string Age(TimeSpan age) =>
            age.TotalDays >= 2 ? $"{Math.Floor(age.TotalDays)} days" : age.TotalHours >= 2 ? $"{Math.Floor(age.TotalHours)} hours"
                : $"{Math.Max(0, Math.Floor(age.TotalMinutes))} minutes";
    }
}
