using System;
using System.Diagnostics.CodeAnalysis;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Binlog;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// Get-RostrvmRestorePlan: chooses the full backup (the newest complete one before the
    /// target), the binlog chain from its exact coordinates, proves the chain has no gap, and
    /// walks it once (checksums verified) to find the exact event the replay stops before, the
    /// last transaction applied and the first one not applied. Refusals are problems in the
    /// plan (<see cref="RestorePlan.Reachable"/> false) with a stable id, never exceptions,
    /// so the administrator sees the plan and the reason together.
    /// </summary>
    public static class RestorePlanner
    {
        private const int SummaryLength = 200;

        public static RestorePlan Plan(RestoreRequest request, CancellationToken token = default)
        {
            if (request.Database is not { Length: > 0 })
                throw new RostrvmException("RestoreDatabaseMissing",
                    FailureKind.InvalidArgument, "No database to restore was named; pass -Database or set Database in the settings.");
            var now = request.NowUtc ?? DateTime.UtcNow;
            var plan = new RestorePlan
            {
                Database = request.Database,
                TargetDatabase = request.TargetDatabase is not { Length: > 0 } ? request.Database : request.TargetDatabase,
                TargetKind = request.Kind,
                PointInTimeUtc = request.PointInTimeUtc,
                PointInTime = request.PointInTimeUtc?.ToLocalTime(),
                StopPositionRequested = request.StopFile == null ? null
                    : request.StopFile + ":" + request.StopPosition.ToString(CultureInfo.InvariantCulture),
                ExcludeRequested = request.Exclude?.ToArray() ?? new string[0],
                FromBinlogOnly = request.FromBinlogOnly,
                CreatedUtc = now,
            };
            var problems = new List<RestoreProblem>();
            var warnings = new List<string>();

            if (request.Kind == RestoreTargetKind.PointInTime && request.PointInTimeUtc > now)
                problems.Add(new RestoreProblem("RestorePointInFuture",
                    // PointInTimeUtc! here and below: a point-in-time request comes with its time (the cmdlet sets both).
                    $"The point in time {Describe(request.PointInTimeUtc!.Value)} is in the future (now is {Describe(now)}); nothing is " +
                        "known about it yet. Give a moment in the past."));

            string? startFile = null;
            long startPosition = 4;
            var baseName = request.BinlogBaseName;
            if (problems.Count == 0 && !request.FromBinlogOnly)
            {
                var backup = ChooseBackup(request, problems);
                if (backup != null)
                {
                    plan.BackupPath = backup.Path;
                    plan.BackupSnapshotTimeUtc = backup.SnapshotTimeUtc;
                    plan.BackupSnapshotTime = backup.SnapshotTimeUtc.ToLocalTime();
                    plan.BackupBinlogFile = backup.BinlogFile;
                    plan.BackupBinlogPosition = backup.BinlogPosition;
                    plan.BackupGtid = backup.Gtid;
                    startFile = backup.BinlogFile;
                    startPosition = backup.BinlogPosition;
                    if (startFile is { Length: > 0 } && BinlogChain.TryParseName(startFile, out var b, out _)) baseName = b;
                    if (request.Kind != RestoreTargetKind.BackupOnly && startFile is not { Length: > 0 })
                        problems.Add(new RestoreProblem("BackupWithoutBinlogPosition",
                            $"The backup '{backup.Path}' was taken with binary logging off: it has no binlog coordinates, so no change " +
                                "after it can be replayed. Restore it alone (-Path without a target)."));
                }
            }

            if (problems.Count == 0 && request.Kind != RestoreTargetKind.BackupOnly)
            {
                var chain = BinlogChain.Discover(request.BinlogFolders, baseName);
                plan.BinlogFolders = chain.Folders;
                problems.AddRange(chain.Problems);
                List<RestoreBinlogFile> files;
                if (request.FromBinlogOnly)
                {
                    files = new List<RestoreBinlogFile>();
                    if (chain.Files.Count == 0 || chain.Files[0].Sequence != 1)
                        problems.Add(new RestoreProblem("BinlogChainNotFromStart",
                            chain.Files.Count == 0
                                ? "-FromBinlogOnly needs every binlog from the first one, but none was found " +
                                    $"in {string.Join(", ", chain.Folders)}."
                                : "-FromBinlogOnly needs every binlog from the server's first one (.000001), but the oldest found " +
                                    $"is {chain.Files[0].Name}: the earlier ones were purged, so the database cannot be rebuilt from " +
                                    "binlogs alone. Restore from a full backup instead."));
                    else files = chain.From(chain.Files[0].Name, 4, problems);
                }
                else files = chain.From(startFile!, startPosition, problems); // a backup without a binlog position stopped the plan
                if (problems.Count == 0) Walk(request, plan, files, problems, warnings, token);
                plan.LargestEvent = plan.ReplaySize.Where;
                plan.MaxAllowedPacketNeeded = plan.ReplaySize.BytesNeeded;
            }

            plan.Problems = problems.Select(p => p.Message).ToArray();
            plan.ProblemId = problems.Count > 0 ? problems[0].Id : null;
            plan.Warnings = warnings.ToArray();
            plan.Reachable = problems.Count == 0;
            plan.Verdict = plan.Reachable ? VerdictText(plan) : "Unreachable: " + problems[0].Message;
            return plan;
        }

        private static string VerdictText(RestorePlan plan)
        {
            if (plan.TargetKind == RestoreTargetKind.BackupOnly) return "Complete: the full backup alone.";
            var files = plan.Binlogs.Length == 0 ? "no binlog" : plan.Binlogs.Length == 1 ? "1 binlog file"
                : plan.Binlogs.Length + " binlog files";
            return $"Complete: {files} without a gap, {plan.TransactionsToApply} transaction(s) of {plan.Database} to replay" +
                   (plan.StopEvent != null ? ", stopping before " + plan.StopEvent : " to the end of the chain") + SkippedText(plan) + ".";
        }

        /// <summary>"; skipped, other databases: N; scratch databases: M" for what the files hold besides the database.</summary>
        private static string SkippedText(RestorePlan plan)
        {
            var text = string.Empty;
            if (plan.TransactionsOtherDatabases > 0) text += "; skipped, other databases: "
                + plan.TransactionsOtherDatabases.ToString(CultureInfo.InvariantCulture);
            if (plan.TransactionsScratchDatabases > 0) text += "; skipped, scratch databases (backup tests): "
                + plan.TransactionsScratchDatabases.ToString(CultureInfo.InvariantCulture);
            return text;
        }

        internal static string Describe(DateTime utc) =>
            utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC (" + utc.ToLocalTime()
                .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " local)";

        private static BackupInfo? ChooseBackup(RestoreRequest request, List<RestoreProblem> problems)
        {
            if (request.BackupPath is { Length: > 0 })
            {
                if (!File.Exists(request.BackupPath))
                {
                    problems.Add(new RestoreProblem("BackupNotFound", $"The backup file '{request.BackupPath}' does not exist."));
                    return null;
                }
                var one = BackupCatalog.Read(request.BackupPath);
                if (!one.Complete)
                {
                    problems.Add(new RestoreProblem(one.Status == "Foreign" ? "BackupForeign" : "BackupIncomplete",
                        $"The backup '{request.BackupPath}' cannot be restored: {one.Problem ?? one.Status}."));
                    return null;
                }
                if (request.Kind == RestoreTargetKind.PointInTime && request.PointInTimeUtc < one.SnapshotTimeUtc)
                {
                    problems.Add(new RestoreProblem("RestorePointBeforeBackup",
                        $"The point in time {Describe(request.PointInTimeUtc!.Value)} is before the snapshot of '{one.Path}' " +
                            $"({Describe(one.SnapshotTimeUtc)}); a restore cannot go back from a backup. Choose an older backup or a " +
                            "later point."));
                    return null;
                }
                return one;
            }
            if (request.BackupFolder is not { Length: > 0 } || !Directory.Exists(request.BackupFolder))
            {
                problems.Add(new RestoreProblem("BackupFolderNotFound", $"The backup folder '{request.BackupFolder}' does not exist. " +
                    "Pass -BackupPath, or -FromBinlogOnly when no backup was ever taken."));
                return null;
            }
            var complete = BackupCatalog.List(request.BackupFolder)
                .Where(b => b.Complete && string.Equals(b.Database, request.Database, StringComparison.Ordinal))
                .OrderByDescending(b => b.SnapshotTimeUtc).ToList();
            if (complete.Count == 0)
            {
                problems.Add(new RestoreProblem("NoCompleteBackup",
                    $"There is no complete backup of '{request.Database}' in '{request.BackupFolder}'. Take one " +
                        "(Backup-RostrvmDatabase), or use -FromBinlogOnly if every binlog since the database was created is kept."));
                return null;
            }
            var oldest = complete[complete.Count - 1];
            switch (request.Kind)
            {
                case RestoreTargetKind.PointInTime:
                    {
                        var chosen = complete.FirstOrDefault(b => b.SnapshotTimeUtc <= request.PointInTimeUtc!.Value);
                        if (chosen == null)
                            problems.Add(new RestoreProblem("RestorePointBeforeFirstBackup",
                                $"The point in time {Describe(request.PointInTimeUtc!.Value)} is before the first backup of " +
                                    $"'{request.Database}' ({oldest.Name}, snapshot {Describe(oldest.SnapshotTimeUtc)}): no backup holds " +
                                    "the state then. Choose a later point, or -FromBinlogOnly if every binlog since the database was " +
                                    "created is kept."));
                        return chosen;
                    }
                case RestoreTargetKind.Position:
                case RestoreTargetKind.BeforeTransaction:
                    {
                        if (!BinlogChain.TryParseName(request.StopFile, out _, out var seq))
                        {
                            problems.Add(new RestoreProblem("StopPositionInvalid", $"'{request.StopFile}' is not a binlog file name " +
                                "(name.NNNNNN)."));
                            return null;
                        }
                        var chosen = complete.FirstOrDefault(b => b.BinlogFile != null && BinlogChain.TryParseName(b.BinlogFile, out _,
                            out var bs)
                                                                   && (bs < seq || bs == seq && b.BinlogPosition <= request.StopPosition));
                        if (chosen == null)
                            problems.Add(new RestoreProblem("RestorePointBeforeFirstBackup",
                                $"The stop position {request.StopFile}:{request.StopPosition} is before the first backup of " +
                                    $"'{request.Database}' ({oldest.Name} at {oldest.BinlogFile}:{oldest.BinlogPosition}). Choose a " +
                                    "later stop."));
                        return chosen;
                    }
                default:
                    {
                        // With exclusions, the backup must be older than every excluded transaction.
                        foreach (var b in complete)
                        {
                            if (request.Exclude == null || request.Exclude.All(e => TryParsePosition(e, out var f, out var p)
                                ? IsAtOrAfter(f, p, b) : BackupGtidCoverage.Holds(b.Gtid, e) != true)) return b;
                        }
                        problems.Add(new RestoreProblem("RestorePointBeforeFirstBackup",
                            $"A transaction to exclude is older than the first backup of '{request.Database}' ({oldest.Name}): every " +
                                "backup already holds it."));
                        return null;
                    }
            }
        }

        private static bool IsAtOrAfter(string file, long position, BackupInfo backup)
        {
            if (backup.BinlogFile == null || !BinlogChain.TryParseName(backup.BinlogFile, out _, out var bs)
                || !BinlogChain.TryParseName(file, out _, out var s)) return false;
            return s > bs || s == bs && position >= backup.BinlogPosition;
        }

        /// <summary>Parses "rtmbinlog.000012:4567".</summary>
        public static bool TryParsePosition(string? text, [NotNullWhen(true)] out string? file, out long position)
        {
            file = null;
            position = 0;
            if (text is not { Length: > 0 }) return false;
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || !long.TryParse(text.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture,
                out position)) return false;
            file = Path.GetFileName(text.Substring(0, colon));
            return BinlogChain.TryParseName(file, out _, out _);
        }

        /// <summary>Mutable state of the one walk over the chain.</summary>
        private sealed class OpenTransaction
        {
            public OpenTransaction(RestoreTransaction info) { Info = info; }

            public readonly RestoreTransaction Info;
            public StringBuilder Summary = new StringBuilder();
            public int Parts;
            public long LastEventEnd;
        }

        private static void Walk(RestoreRequest request, RestorePlan plan, List<RestoreBinlogFile> files, List<RestoreProblem> problems,
            List<string> warnings, CancellationToken token)
        {
            OpenTransaction? current = null;
            RestoreTransaction? lastApplied = null;
            RestoreTransaction? firstNotApplied = null;
            var excluded = new List<RestoreTransaction>();
            var exclusions = request.Exclude ?? new List<string>();
            var matched = new HashSet<string>(StringComparer.Ordinal);
            var stopped = false;          // the stop event has been found
            var stopInsideTransaction = false;
            string? stopFile = null;
            long stopPosition = 0;
            var used = new List<RestoreBinlogFile>();
            BinlogEvent? lastEvent = null;
            long transactions = 0, events = 0;
            var stopFileName = request.StopFile == null ? null : Path.GetFileName(request.StopFile);
            var stopFileSeen = false;

            long otherDatabases = 0, scratchDatabases = 0;
            var range = new BinlogRange { IncludeScratch = true };
            if (request.Kind == RestoreTargetKind.PointInTime) range.StopTime = DateTime.SpecifyKind(request.PointInTimeUtc!.Value,
                DateTimeKind.Utc);
            if (request.Kind == RestoreTargetKind.Position || request.Kind == RestoreTargetKind.BeforeTransaction)
            {
                range.StopFile = stopFileName;
                range.StopPosition = request.StopPosition;
            }
            // A file still being written is read only up to its length now: the restore's own writes must not join the chain.
            var scan = new BinlogScan(files.Select(f => new BinlogScanFile(f.Path, f.StartPosition, f.StopPosition)),
                range) { ContinueAfterStop = true };
            var byPath = files.ToDictionary(f => Path.GetFullPath(f.Path), StringComparer.Ordinal);
            foreach (var item in scan.Events(token))
            {
                // Every event of the chain passes here once, in order: the place to look at each one.
                var ev = item.Event;
                byPath.TryGetValue(ev.File, out var file);
                var fileName = Path.GetFileName(ev.File);
                if (fileName == stopFileName) stopFileSeen = true;
                if (item.IsFormatDescription)
                {
                    if (!item.AfterStop && file != null && (used.Count == 0 || used[used.Count - 1] != file)) used.Add(file);
                    continue;
                }
                if (item.AfterStop && !stopped)
                {
                    stopped = true;
                    stopFile = fileName;
                    stopPosition = ev.Position;
                    plan.StopEventTimeUtc = ev.TimeUtc;
                    plan.StopEvent = $"{fileName}:{ev.Position} ({ev.TypeName}, {Describe(ev.TimeUtc)})";
                    if (current != null)
                    {
                        stopInsideTransaction = true;
                        if (request.Kind == RestoreTargetKind.BeforeTransaction)
                        {
                            // Stop before the whole transaction holding the chosen event.
                            stopPosition = current.Info.Position;
                            plan.StopEvent = $"{fileName}:{stopPosition} (start of the transaction " +
                                $"holding {fileName}:{request.StopPosition}, {Describe(current.Info.TimeUtc)})";
                            plan.StopEventTimeUtc = current.Info.TimeUtc;
                        }
                    }
                }

                var txn = item.Position;
                if (txn.IsOutside) { if (!stopped) lastEvent = ev; continue; }
                if (txn.IsStart)
                {
                    current = new OpenTransaction(new RestoreTransaction
                    {
                        File = Path.GetFileName(txn.StartFile), Position = txn.StartPosition, TimeUtc = txn.StartTimeUtc,
                        Time = txn.StartTimeUtc.ToLocalTime(), Gtid = txn.Gtid,
                    });
                }
                if (current == null) continue;
                if (!stopped) { events++; lastEvent = ev; }
                if (!stopped) plan.ReplaySize.Observe(fileName, ev);
                Summarize(current, ev);
                if (IsUnreplayable(ev.Type) && !stopped)
                    problems.Add(new RestoreProblem("BinlogEventNotReplayable",
                        $"{fileName}:{ev.Position} is a {ev.TypeName} event (LOAD DATA as servers before MySQL 5.0 logged it), which " +
                            $"this engine cannot replay. Stop before it (-StopPosition {fileName}:{current.Info.Position}) or replay " +
                            "with mariadb-binlog."));
                current.LastEventEnd = item.EndPosition;
                if (!txn.IsEnd) continue;

                var done = current.Info;
                done.EndPosition = current.LastEventEnd;
                done.Summary = current.Summary.ToString();
                current = null;
                if (stopped)
                {
                    if (firstNotApplied == null) firstNotApplied = done;
                    break;
                }
                var exclusion = exclusions.FirstOrDefault(e => Matches(e, done));
                if (exclusion != null)
                {
                    matched.Add(exclusion);
                    excluded.Add(done);
                    continue;
                }
                // Only the restored database's transactions count; the rest of the files is reported apart.
                if (item.Transaction!.Changes(request.Database)) // an event inside a transaction has it
                {
                    lastApplied = done;
                    transactions++;
                }
                else if (item.Transaction.Scratch) scratchDatabases++;
                else otherDatabases++;
            }

            if (current != null && firstNotApplied == null && stopped)
            {
                current.Info.Summary = current.Summary.ToString();
                firstNotApplied = current.Info;
            }

            foreach (var e in exclusions.Where(e => !matched.Contains(e)))
                problems.Add(new RestoreProblem("ExcludedTransactionNotFound",
                    $"The transaction to exclude '{e}' is not in the binlogs replayed after the backup ({files.FirstOrDefault()?.Name} " +
                        $"to {files.LastOrDefault()?.Name}). Check the GTID or file:position (Get-RostrvmBinlogEvent)."));

            if ((request.Kind == RestoreTargetKind.Position || request.Kind == RestoreTargetKind.BeforeTransaction) && !stopFileSeen
                && !stopped)
                problems.Add(new RestoreProblem("StopPositionNotInChain",
                    $"The stop position {request.StopFile}:{request.StopPosition} is not in the binlog chain " +
                        $"({files.FirstOrDefault()?.Name} to {files.LastOrDefault()?.Name}, from the " +
                        $"backup's {files.FirstOrDefault()?.Name}:{files.FirstOrDefault()?.StartPosition}). Check the file name and " +
                        "position."));

            var last = used.LastOrDefault();
            if (!stopped && last != null && last.Closed && request.Kind != RestoreTargetKind.BackupOnly)
            {
                var message = $"The binlog chain ends with {last.Name}, which the server closed: the next file is missing " +
                    $"from {string.Join(", ", plan.BinlogFolders)}";
                if (request.Kind == RestoreTargetKind.PointInTime)
                    problems.Add(new RestoreProblem("BinlogChainGap",
                        message + $", so the changes up to {Describe(request.PointInTimeUtc!.Value)} are not all available. Copy the " +
                        "later binlogs there or pass their folder with -BinlogPath."));
                else
                    warnings.Add(message + "; the restore replays up to its end only.");
            }

            if (stopped)
            {
                var index = used.FindIndex(f => f.Name == stopFile);
                if (index >= 0)
                {
                    used = used.Take(index + 1).ToList();
                    used[index].StopPosition = stopPosition;
                }
                plan.StopFile = stopFile;
                plan.StopPosition = stopPosition;
                if (stopInsideTransaction && request.Kind != RestoreTargetKind.BeforeTransaction)
                    warnings.Add("The stop falls inside the transaction that started " +
                        $"at {firstNotApplied?.File}:{firstNotApplied?.Position}; it is not applied at all (rolled back), as with " +
                        "mariadb-binlog.");
            }
            plan.Binlogs = used.ToArray();
            plan.LastApplied = lastApplied;
            plan.FirstNotApplied = firstNotApplied;
            plan.Excluded = excluded.ToArray();
            plan.TransactionsToApply = transactions;
            plan.TransactionsOtherDatabases = otherDatabases;
            plan.TransactionsScratchDatabases = scratchDatabases;
            plan.EventsToApply = events;
            if (lastEvent == null && plan.Binlogs.Length > 0 && !stopped) { /* nothing after the backup */ }
        }

        /// <summary>
        /// LOAD DATA as written by servers before 5.0 (Load, Create_file, Exec_load...). Since 5.0 it is
        /// Begin_load_query/Append_block/Execute_load_query, which the writer replays as LOAD DATA LOCAL.
        /// </summary>
        private static bool IsUnreplayable(BinlogEventType type) =>
            type == BinlogEventType.Load || type == BinlogEventType.NewLoad || type == BinlogEventType.CreateFile
                || type == BinlogEventType.ExecLoad;

        private static bool Matches(string exclusion, RestoreTransaction t)
        {
            if (TryParsePosition(exclusion, out var file, out var position))
                return file == t.File && position >= t.Position && position < Math.Max(t.EndPosition, t.Position + 1);
            return t.Gtid != null && string.Equals(exclusion.Trim(), t.Gtid, StringComparison.OrdinalIgnoreCase);
        }

        private static void Summarize(OpenTransaction t, BinlogEvent ev)
        {
            if (t.Parts >= 4 || t.Summary.Length >= SummaryLength) return;
            string? part = null;
            switch (ev.Data)
            {
                case QueryEventData q:
                    var sql = q.Sql.Trim();
                    if (sql.Equals("BEGIN", StringComparison.OrdinalIgnoreCase) || sql.Equals("COMMIT",
                        StringComparison.OrdinalIgnoreCase)) return;
                    part = string.Join(" ", sql.Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
                    break;
                case RowsEventData rows when rows.TableMap != null:
                    int count;
                    try { count = rows.CountRows(); } catch (BinlogFormatException) { count = -1; }
                    var verb = rows.Operation == RowOperation.Insert ? "INSERT INTO" : rows.Operation == RowOperation.Update ? "UPDATE"
                        : "DELETE FROM";
                    part = $"{verb} {rows.TableMap.Database}.{rows.TableMap.Table} " +
                        $"({(count < 0 ? "?" : count.ToString(CultureInfo.InvariantCulture))} row{(count == 1 ? "" : "s")})";
                    break;
            }
            if (part == null) return;
            if (t.Summary.Length > 0) t.Summary.Append("; ");
            t.Summary.Append(part.Length > SummaryLength ? part.Substring(0, SummaryLength) + "..." : part);
            t.Parts++;
        }
    }
}
