using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;
using Rostrvm.Core.Jobs;
using Rostrvm.Core.Restore;

namespace Rostrvm.Core.Binlog
{
    /// <summary>
    /// The nightly binlog copy: flush, copy every closed binlog not yet copied byte for byte under a
    /// temporary name, verify every event (and checksum), rename; never the active file; remove
    /// copies older than the oldest binlog a retained full backup needs. A kill at any point
    /// leaves only temporary files, removed by the next run, which then does the rest.
    /// </summary>
    public sealed class BinlogBackup
    {
        private readonly ConnectionOptions _connection;
        private readonly string _destination;
        private readonly string _backupFolder;
        private readonly string? _configuredBinlogPath;
        private readonly IJobReporter _reporter;

        public BinlogBackup(ConnectionOptions connection, BinlogBackupOptions options, IJobReporter? reporter = null)
        {
            _connection = connection;
            _destination = options.Destination;
            _backupFolder = options.BackupFolder;
            _configuredBinlogPath = options.ServerBinlogFolder;
            _reporter = reporter ?? SilentReporter.Instance;
        }

        /// <summary>Skip FLUSH BINARY LOGS (copy only what the server already closed).</summary>
        public bool NoFlush { get; set; }

        /// <summary>When set, each verified copy is written as OpenPGP for this key (rtmbinlog.000012.gpg) and no plain copy is
        /// kept.</summary>
        public Encryption.OpenPgpRecipient? EncryptFor { get; set; }

        /// <summary>Keep every copy (no removal of copies older than the retained backups need).</summary>
        public bool KeepAll { get; set; }

        /// <summary>Asked before removing a copy (ShouldProcess); null = yes.</summary>
        public Func<string, bool>? ConfirmRemove { get; set; }

        public async Task<List<BinlogBackupResult>> RunAsync(CancellationToken cancellationToken)
        {
            var results = new List<BinlogBackupResult>();
            List<BinlogFileInfo> logs;
            string? folder;
            using (var connection = await ConnectionFactory.OpenAsync(_connection, withDatabase: false, cancellationToken)
                .ConfigureAwait(false))
            {
                if (!NoFlush)
                {
                    try
                    {
                        using (var flush = new MySqlCommand("FLUSH BINARY LOGS",
                            connection)) await flush.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (MySqlException ex) when (ex.Number == 1227)
                    {
                        throw new RostrvmException("PrivilegeMissing",
                            FailureKind.PermissionDenied, "FLUSH BINARY LOGS was refused: the account needs the RELOAD privilege (or use " +
                            "-NoFlush to copy only the files the server has already closed).", _connection.Server, ex);
                    }
                }
                logs = await BinlogCatalog.ServerLogsAsync(connection, cancellationToken).ConfigureAwait(false);
                folder = await BinlogCatalog.ServerBinlogFolderAsync(connection, _configuredBinlogPath, cancellationToken)
                    .ConfigureAwait(false);
            }
            if (folder == null)
                throw new RostrvmException("BinlogDirectoryUnreadable", FailureKind.ResourceUnavailable,
                    "The server's binlog folder is not readable from here (a remote server, or log_bin_basename points elsewhere). Run " +
                        "Backup-RostrvmBinlog on the database server, or set BinlogPath in the settings.", _connection.Server);

            Directory.CreateDirectory(_destination);
            FilePermissions.RestrictFolderToOwner(_destination);
            var leftovers = AtomicFile.RemoveLeftovers(_destination);
            if (leftovers > 0) _reporter.Verbose($"Removed {leftovers} temporary file(s) an interrupted run left in {_destination}.");

            var closed = logs.Where(l => !l.IsActive).ToList();
            var index = 0;
            foreach (var log in closed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                index++;
                _reporter.Progress(new JobProgress("Backing up binlogs", $"{log.Name} ({index} of {closed.Count})",
                    JobProgress.Percent(index - 1, closed.Count)));
                var source = Path.Combine(folder, log.Name);
                var target = Path.Combine(_destination, log.Name);
                if (!File.Exists(source))
                    throw new RostrvmException("BinlogVanished",
                        FailureKind.ObjectNotFound, $"The server lists '{log.Name}' but '{source}' does not exist (purged while " +
                        "copying?). Run Backup-RostrvmBinlog again.", source);
                var sourceLength = new FileInfo(source).Length;
                if (File.Exists(target) && new FileInfo(target).Length == sourceLength)
                {
                    results.Add(new BinlogBackupResult { Name = log.Name, Action = "AlreadyCopied", Source = source, Destination = target,
                        Size = sourceLength });
                    continue;
                }
                // An encrypted copy is renamed into place only once complete: its presence is enough.
                var encrypted = target + Encryption.OpenPgpWriter.Extension;
                if (File.Exists(encrypted))
                {
                    results.Add(new BinlogBackupResult { Name = log.Name, Action = "AlreadyCopied", Source = source,
                        Destination = encrypted, Size = sourceLength });
                    continue;
                }
                results.Add(await CopyAsync(source, target, cancellationToken, EncryptFor).ConfigureAwait(false));
            }
            foreach (var active in logs.Where(l => l.IsActive))
                results.Add(new BinlogBackupResult { Name = active.Name, Action = "Active", Source = Path.Combine(folder, active.Name),
                    Size = active.Size });

            if (!KeepAll) results.AddRange(RemoveUnneeded());
            _reporter.Progress(new JobProgress("Backing up binlogs", "Done", 100));
            return results;
        }

        /// <summary>Copies one closed binlog byte for byte, verifies the copy, renames it into place.</summary>
        public static async Task<BinlogBackupResult> CopyAsync(string source, string target, CancellationToken cancellationToken,
            Encryption.OpenPgpRecipient? encryptFor = null)
        {
            using (var file = AtomicFile.Create(target, ownerOnly: true))
            {
                using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16,
                    FileOptions.SequentialScan))
                {
                    await input.CopyToAsync(file.Stream, 1 << 20, cancellationToken).ConfigureAwait(false);
                }
                file.Flush();
                // Verify the copy, not the source: every event decoded within its length, every CRC.
                var reader = new BinlogReader(file.TemporaryPath, new BinlogReaderOptions { Decode = false,
                    ExpandTransactionPayloads = false });
                long events = 0;
                uint last = 0;
                try
                {
                    foreach (var ev in reader.ReadEvents(cancellationToken)) { events++; if (ev.Timestamp != 0) last = ev.Timestamp; }
                }
                catch (BinlogFormatException ex)
                {
                    throw new BinlogFormatException(ex.ErrorId, source,
                        ex.Position, "the copy does not verify: " + ex.Reason + " The source file is damaged; the previous copies are " +
                        "kept.", ex);
                }
                var length = new FileInfo(file.TemporaryPath).Length;
                if (length != new FileInfo(source).Length || reader.Position != length)
                    throw new RostrvmException("BinlogCopyMismatch",
                        FailureKind.WriteError, $"The copy of '{source}' has {length} bytes, not {new FileInfo(source).Length}. Nothing " +
                        "was replaced; run again.", source);
                if (encryptFor != null)
                {
                    // The verified copy is encrypted into place; the plain temporary file goes with the dispose.
                    target += Encryption.OpenPgpWriter.Extension;
                    Encryption.OpenPgpWriter.EncryptFile(file.TemporaryPath, target, encryptFor, cancellationToken);
                }
                else file.Commit();
                return new BinlogBackupResult
                {
                    Name = Path.GetFileName(source), Action = "Copied", Source = source, Destination = target, Size = length,
                        Events = events,
                    VerifiedChecksums = reader.VerifiedChecksums,
                    LastEventTimeUtc = last == 0 ? (DateTime?)null : DateTimeOffset.FromUnixTimeSeconds(last).UtcDateTime,
                };
            }
        }

        private static readonly Regex BackupBinlogFile = new Regex("\"binlog_?file\"\\s*:\\s*\"(?<f>[^\"]+)\"",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>The oldest binlog file any complete full backup in the backup folder starts from, or null.</summary>
        public static string? OldestNeededBinlog(string? backupFolder)
        {
            if (backupFolder == null || !Directory.Exists(backupFolder)) return null;
            // An encrypted backup's header is not readable here (only the public key is): keep every copy.
            if (Directory.EnumerateFiles(backupFolder, "*.rbk*" + Encryption.OpenPgpWriter.Extension).Any()) return null;
            string? oldest = null;
            foreach (var path in Directory.EnumerateFiles(backupFolder, "*.rbk*"))
            {
                if (path.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal)) continue;
                string? header = null;
                try
                {
                    using (var input = Backup.BackupCatalog.OpenText(path))
                    using (var reader = new StreamReader(input))
                    {
                        for (var i = 0; i < 50; i++)
                        {
                            var line = reader.ReadLine();
                            if (line == null) break;
                            if (line.StartsWith("-- rostrvm-backup:", StringComparison.Ordinal)) { header = line; break; }
                        }
                    }
                }
                catch (IOException) { continue; }
                catch (InvalidDataException) { continue; }
                if (header == null) continue;
                var m = BackupBinlogFile.Match(header);
                if (!m.Success) continue;
                var file = Path.GetFileName(m.Groups["f"].Value);
                if (oldest == null || BinlogCatalog.SequenceOf(file) < BinlogCatalog.SequenceOf(oldest)) oldest = file;
            }
            return oldest;
        }

        private IEnumerable<BinlogBackupResult> RemoveUnneeded()
        {
            var oldest = OldestNeededBinlog(_backupFolder);
            if (oldest == null)
            {
                _reporter.Verbose("No complete full backup names a binlog: every binlog copy is kept.");
                yield break;
            }
            var keepFrom = BinlogCatalog.SequenceOf(oldest);
            var encrypted = Directory.EnumerateFiles(_destination, "*" + Encryption.OpenPgpWriter.Extension)
                .Where(p => BinlogChain.TryParseName(Encryption.OpenPgpWriter.PlainName(p), out _, out _));
            foreach (var copy in BinlogCatalog.FilesInFolder(_destination).Concat(encrypted.ToList()))
            {
                if (BinlogCatalog.SequenceOf(Encryption.OpenPgpWriter.PlainName(copy)) >= keepFrom) continue;
                if (ConfirmRemove != null && !ConfirmRemove(copy)) continue;
                var size = new FileInfo(copy).Length;
                File.Delete(copy);
                yield return new BinlogBackupResult { Name = Path.GetFileName(copy), Action = "Removed", Destination = copy, Size = size };
            }
        }
    }
}
