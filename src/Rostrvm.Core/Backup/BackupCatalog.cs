using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Rostrvm.Core.Encryption;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// Reads backups without reading their bodies: the header line from the front of the file,
    /// the completion line from its tail (for .rbk.gz and .rbk.zst, the last member). This is what
    /// Get-RostrvmBackup lists and what the restore planner chooses from.
    /// </summary>
    public static class BackupCatalog
    {
        private const int MaxPreambleLines = 16;

        /// <summary>The most the completion line may take (format 2 lists every table's rows and digest on it).</summary>
        private const int MaxTail = 1 << 20;

        /// <summary>The backups of a folder (.rbk, .rbk.gz, .rbk.zst), newest snapshot first.</summary>
        public static List<BackupInfo> List(string? folder, bool verify = false, CancellationToken token = default)
        {
            if (!Directory.Exists(folder))
                throw new RostrvmException("BackupFolderNotFound", FailureKind.ObjectNotFound,
                    $"The backup folder '{folder}' does not exist. Check -Path or BackupPath in the settings.", folder);
            var result = new List<BackupInfo>();
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                if (!BackupCycle.IsBackupFile(file)) continue;
                token.ThrowIfCancellationRequested();
                try { result.Add(Read(file, verify, token)); }
                catch (RostrvmException ex) when (ex.ErrorId == "DecryptionFailed")
                {
                    // Another key's backup in the folder: listed, never chosen, never overwritten as unusable.
                    var other = Encrypted(file);
                    other.Problem = ex.Message;
                    result.Add(other);
                }
            }
            return Sort(result);
        }

        public static List<BackupInfo> Sort(IEnumerable<BackupInfo> backups) =>
            backups.OrderByDescending(b => b.Complete || b.Status == "Incomplete" || b.Status == BackupInfo.EncryptedStatus
                ? b.SnapshotTimeUtc : DateTime.MinValue)
                .ThenByDescending(b => b.Complete).ThenByDescending(b => b.LastWriteTime).ThenBy(b => b.Name, StringComparer.Ordinal)
                    .ToList();

        /// <summary>The header of a backup file, or null when it has none (a foreign file).</summary>
        public static BackupHeader? ReadHeader(string path)
        {
            using (var stream = OpenText(path))
            using (var reader = new StreamReader(stream, SqlText.Utf8, false, 1 << 16))
            {
                for (var i = 0; i < MaxPreambleLines; i++)
                {
                    var line = reader.ReadLine();
                    if (line == null) return null;
                    if (line.StartsWith(BackupHeader.Marker, StringComparison.Ordinal)) return BackupHeader.TryParse(line);
                    if (!line.StartsWith("--", StringComparison.Ordinal) && !line.StartsWith("/*M!", StringComparison.Ordinal))
                        return null;
                }
            }
            return null;
        }

        /// <summary>
        /// The rows and digest of every table of a complete backup (from the completion line in
        /// format 2, the header in format 1), or null when the file has no header or is incomplete.
        /// </summary>
        public static List<BackupTableEntry>? ReadTableCounts(string path)
        {
            var header = ReadHeader(path);
            return header == null ? null : ReadCompletion(path)?.TablesOf(header);
        }

        /// <summary>The completion line at the very end, or null when the file is incomplete.</summary>
        public static BackupCompletion? ReadCompletion(string path)
        {
            if (OpenPgpWriter.IsEncrypted(path))
            {
                // The tail of an OpenPGP message is only reached by decrypting all of it.
                using (var text = OpenText(path))
                {
                    var tail = LastLine(text);
                    return tail == null ? null : BackupCompletion.TryParse(tail.TrimEnd('\n'));
                }
            }
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                4096))
            {
                var codec = BackupCodec.ForPath(path);
                var last = codec != null ? codec.ReadLastMember(file, MaxTail) : LastLine(file);
                return last == null ? null : BackupCompletion.TryParse(last.TrimEnd('\n'));
            }
        }

        /// <summary>Everything known about one file; never throws for a bad file, it says so instead.</summary>
        public static BackupInfo Read(string path, bool verify = false, CancellationToken token = default)
        {
            if (OpenPgpWriter.IsEncrypted(path) && DecryptionScope.Current == null) return Encrypted(path);
            var fileInfo = new FileInfo(path);
            var info = new BackupInfo
            {
                Path = fileInfo.FullName,
                Name = fileInfo.Name,
                Slot = BackupCycle.SlotOf(fileInfo.Name),
                Compressed = IsCompressed(path),
                Compression = CompressionOf(path),
                Encrypted = OpenPgpWriter.IsEncrypted(path),
                FileSize = fileInfo.Exists ? fileInfo.Length : 0,
                LastWriteTime = fileInfo.Exists ? fileInfo.LastWriteTime : DateTime.MinValue,
            };
            BackupHeader? header = null;
            BackupCompletion? completion = null;
            try
            {
                header = ReadHeader(path);
                if (header != null) completion = ReadCompletion(path);
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException
                || ex is DecoderFallbackException)
            {
                info.Problem = "Cannot read the file: " + ex.Message;
            }
            catch (RostrvmException ex) when (ex.ErrorId == "BackupIncomplete" && header != null)
            {
                completion = null;
            }
            catch (RostrvmException ex) when (ex.ErrorId == "BackupIncomplete")
            {
                info.Status = "Incomplete";
                info.Problem = ex.Message;
                return info;
            }
            if (header == null)
            {
                info.Status = "Foreign";
                info.Problem = info.Problem
                    ?? "The file has no Rostrvm backup header; it was not written by Backup-RostrvmDatabase.";
                return info;
            }
            info.Database = header.Database;
            info.Flavor = header.Flavor;
            info.ServerVersion = header.ServerVersion;
            info.SnapshotTimeUtc = DateTime.SpecifyKind(header.SnapshotTimeUtc, DateTimeKind.Utc);
            info.SnapshotTime = info.SnapshotTimeUtc.ToLocalTime();
            info.BinlogFile = header.BinlogFile;
            info.BinlogPosition = header.BinlogPosition;
            info.Gtid = header.Gtid;
            info.SnapshotMethod = header.SnapshotMethod;
            info.Tables = header.Tables.Count;
            info.Views = header.Views.ToArray();
            info.Routines = header.Routines.ToArray();
            info.Triggers = header.Triggers.ToArray();
            info.Events = header.Events.ToArray();
            if (completion == null)
            {
                info.Status = "Incomplete";
                info.Problem = "The file has no completion line: the backup that wrote it did not finish. " +
                    "It is never used for a restore.";
                return info;
            }
            info.Rows = completion.Rows;
            info.Bytes = completion.Bytes;
            info.Sha256 = completion.Sha256;
            info.Duration = TimeSpan.FromSeconds(completion.DurationSeconds);
            info.Complete = true;
            info.Status = "Complete";
            var counts = completion.TablesOf(header);
            if (counts == null || counts.Count != header.Tables.Count || counts.Sum(t => t.Rows) != completion.Rows)
            {
                info.Complete = false;
                info.Status = "Corrupt";
                info.Problem = "The per-table row counts do not match the tables of the header or the completion line's total.";
                return info;
            }
            if (verify)
            {
                var problem = Verify(path, completion, token);
                info.Verified = problem == null;
                if (problem != null)
                {
                    info.Complete = false;
                    info.Status = "Corrupt";
                    info.Problem = problem;
                }
            }
            return info;
        }

        /// <summary>
        /// Recomputes the SHA-256 of the body; null when it matches, else what is wrong (also when there is no completion
        /// line to check against: the file was replaced by an incomplete one since it was listed).
        /// </summary>
        public static string? Verify(string path, BackupCompletion? completion, CancellationToken token = default)
        {
            if (completion == null)
                return "The file has no completion line: the backup that wrote it did not finish.";
            try
            {
                using (var stream = OpenText(path))
                using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                {
                    var buffer = new byte[1 << 20];
                    long remaining = completion.Bytes;
                    while (remaining > 0)
                    {
                        token.ThrowIfCancellationRequested();
                        var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                        if (n == 0)
                            return $"The file ends after {completion.Bytes - remaining} of the {completion.Bytes} bytes its " +
                                "completion line records.";
                        sha.AppendData(buffer, 0, n);
                        remaining -= n;
                    }
                    var actual = ToHex(sha.GetHashAndReset());
                    if (!string.Equals(actual, completion.Sha256, StringComparison.OrdinalIgnoreCase))
                        return $"SHA-256 mismatch: the completion line records {completion.Sha256}, the file's content hashes " +
                            $"to {actual}. The file was changed or damaged after it was written.";
                    // Read to the end: an encrypted file's integrity packet is checked there.
                    var rest = new StreamReader(stream, SqlText.Utf8).ReadToEnd();
                    if (!rest.StartsWith(BackupCompletion.Marker, StringComparison.Ordinal)
                        || rest.IndexOf('\n') != rest.Length - 1)
                        return "Unexpected content between the recorded bytes and the completion line.";
                    return null;
                }
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException)
            {
                return "Cannot read the file to the end: " + ex.Message;
            }
            catch (RostrvmException ex) when (ex.ErrorId == "BackupIncomplete")
            {
                return ex.Message;
            }
        }

        /// <summary>
        /// True for .rbk.gz and .rbk.zst, also while it is still under its temporary name
        /// (name.rbk.gz.1a2b3c4d.rostrvm-partial).
        /// </summary>
        public static bool IsCompressed(string path) => BackupCodec.ForPath(path) != null;

        /// <summary>The compression of a backup file, by its name.</summary>
        public static BackupCompression CompressionOf(string path) =>
            BackupCodec.ForPath(path)?.Compression ?? BackupCompression.None;

        /// <summary>
        /// The SQL text of a backup, decrypted when it is an .rbk.gpg (with the key of the
        /// <see cref="DecryptionScope"/>) and decompressed when it is an .rbk.gz or .rbk.zst: the one place
        /// restores, tests and checks open a backup.
        /// </summary>
        public static Stream OpenText(string path)
        {
            var file = OpenPgpWriter.IsEncrypted(path)
                ? OpenPgpReader.Open(path, DecryptionScope.Current)
                : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            var codec = BackupCodec.ForPath(path);
            return codec != null ? codec.OpenRead(file) : file;
        }

        /// <summary>An encrypted backup listed without the key that opens it: dated by its file, never chosen.</summary>
        private static BackupInfo Encrypted(string path)
        {
            var fileInfo = new FileInfo(path);
            return new BackupInfo
            {
                Path = fileInfo.FullName,
                Name = fileInfo.Name,
                Slot = BackupCycle.SlotOf(fileInfo.Name),
                Compressed = IsCompressed(path),
                Compression = CompressionOf(path),
                Encrypted = true,
                FileSize = fileInfo.Exists ? fileInfo.Length : 0,
                LastWriteTime = fileInfo.Exists ? fileInfo.LastWriteTime : DateTime.MinValue,
                SnapshotTimeUtc = fileInfo.Exists ? fileInfo.LastWriteTimeUtc : DateTime.MinValue,
                SnapshotTime = fileInfo.Exists ? fileInfo.LastWriteTime : DateTime.MinValue,
                Status = BackupInfo.EncryptedStatus,
                Problem = "The backup is encrypted (OpenPGP): give -DecryptionKey to read, verify or restore it.",
            };
        }

        /// <summary>
        /// The last line of a stream read to its end (keeping only a tail), or null when it does not end with a newline.
        /// </summary>
        private static string? LastLine(Stream text)
        {
            const int Keep = MaxTail;
            var tail = new byte[2 * Keep];
            var length = 0;
            int n;
            while ((n = text.Read(tail, length, tail.Length - length)) > 0)
            {
                length += n;
                if (length < tail.Length) continue;
                Buffer.BlockCopy(tail, Keep, tail, 0, Keep);
                length = Keep;
            }
            if (length < 2 || tail[length - 1] != (byte)'\n') return null;
            var start = Array.LastIndexOf(tail, (byte)'\n', length - 2) + 1;
            return SqlText.Utf8.GetString(tail, start, length - start);
        }

        /// <summary>The last line of a text file (with its newline), or null when the file does not end with one.</summary>
        private static string? LastLine(FileStream file)
        {
            var tailLength = (int)Math.Min(file.Length, MaxTail);
            if (tailLength < 2) return null;
            var tail = new byte[tailLength];
            file.Seek(file.Length - tailLength, SeekOrigin.Begin);
            GzipMembers.ReadExactly(file, tail, tailLength);
            if (tail[tailLength - 1] != (byte)'\n') return null;
            var start = Array.LastIndexOf(tail, (byte)'\n', tailLength - 2) + 1;
            return SqlText.Utf8.GetString(tail, start, tailLength - start);
        }

        public static string ToHex(byte[] bytes)
        {
            var text = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes) text.Append(b.ToString("x2"));
            return text.ToString();
        }
    }
}
