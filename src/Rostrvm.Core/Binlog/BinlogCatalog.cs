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

namespace Rostrvm.Core.Binlog
{
    /// <summary>Finds binlog files (a folder, or the server's) and describes them.</summary>
    public static class BinlogCatalog
    {
        private static readonly Regex BinlogName = new Regex(@"^(?<base>.+)\.(?<seq>\d{6,})$", RegexOptions.CultureInvariant);

        /// <summary>The binlog files of a folder, in sequence order: names like base.000123 whose
        /// first bytes are the binlog magic (index and relay files are left out).</summary>
        public static IReadOnlyList<string> FilesInFolder(string folder) => NamedLikeBinlogs(folder).Where(HasMagic).ToList();

        /// <summary>Every file of a folder named like a binlog (base.000123), in sequence order, binlog or not:
        /// what a verification reports, so a damaged or foreign file is seen rather than left out.</summary>
        public static IReadOnlyList<string> NamedLikeBinlogs(string folder)
        {
            if (!Directory.Exists(folder))
                throw new RostrvmException("BinlogDirectoryNotFound",
                    FailureKind.ObjectNotFound, $"The binlog folder '{folder}' does not exist. Check the path, or BinlogPath in the " +
                    "settings.", folder);
            try
            {
                return Directory.EnumerateFiles(folder)
                    .Select(p => new { Path = p, Match = BinlogName.Match(System.IO.Path.GetFileName(p)) })
                    .Where(x => x.Match.Success && !x.Path.EndsWith(AtomicSuffix, StringComparison.Ordinal))
                    .OrderBy(x => x.Match.Groups["base"].Value, StringComparer.Ordinal)
                    .ThenBy(x => long.Parse(x.Match.Groups["seq"].Value))
                    .Select(x => x.Path)
                    .ToList();
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new RostrvmException("BinlogDirectoryUnreadable",
                    FailureKind.PermissionDenied, $"The binlog folder '{folder}' cannot be read: {ex.Message} Run as a user that can " +
                    "read it (the server's account or an administrator).", folder, ex);
            }
        }

        private const string AtomicSuffix = IO.AtomicFile.TemporarySuffix;

        /// <summary>The reader's error id for a file without the binlog magic.</summary>
        public const string NotABinlogId = "BinlogNotABinlog";

        private static bool HasMagic(string path)
        {
            try
            {
                using (var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                {
                    var b = new byte[4];
                    return s.Read(b, 0, 4) == 4 && b[1] == 0x62 && b[2] == 0x69 && b[3] == 0x6E && (b[0] == 0xFE || b[0] == 0xFD);
                }
            }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return true; } // listed, and the read reports the permission problem
        }

        public static int SequenceOf(string fileName)
        {
            var m = BinlogName.Match(System.IO.Path.GetFileName(fileName));
            return m.Success && int.TryParse(m.Groups["seq"].Value, out var n) ? n : 0;
        }

        /// <summary>Describes one file by walking its event headers (fast: no body decoding);
        /// with <paramref name="verify"/>, every event and row image is decoded and every checksum checked.</summary>
        public static BinlogFileInfo Describe(string path, bool verify, CancellationToken cancellationToken = default)
        {
            var info = new BinlogFileInfo
            {
                Name = System.IO.Path.GetFileName(path),
                Path = System.IO.Path.GetFullPath(path),
                Sequence = SequenceOf(path),
            };
            try { info.Size = new FileInfo(path).Length; } catch (IOException) { }
            var reader = new BinlogReader(path, new BinlogReaderOptions { Decode = verify, VerifyChecksums = verify,
                ExpandTransactionPayloads = verify });
            long events = 0;
            uint first = 0, last = 0;
            try
            {
                foreach (var ev in reader.ReadEvents(cancellationToken))
                {
                    if (events == 0)
                    {
                        info.ServerId = ev.ServerId;
                        var format = reader.Format!; // the first event read is the format description
                        info.Flavor = format.Flavor;
                        info.ServerVersion = format.ServerVersion;
                        info.Checksum = format.HasChecksums ? "CRC32" : "NONE";
                        info.ClosedCleanly = reader.ClosedCleanly;
                    }
                    if (verify && ev.Data is RowsEventData rows && rows.TableMap != null)
                    {
                        // Verifying means every row image decodes within its event, too.
                        var images = rows.ReadRows();
                        while (images.Read()) info.VerifiedRows = (info.VerifiedRows ?? 0) + 1;
                    }
                    if (!ev.IsInPayload)
                    {
                        events++;
                        if (ev.Timestamp != 0) { if (first == 0) first = ev.Timestamp; last = ev.Timestamp; }
                    }
                }
                info.EventCount = events;
                if (verify) { info.ChecksumsVerified = true; info.VerifiedEvents = reader.VerifiedChecksums; }
            }
            catch (BinlogFormatException ex)
            {
                info.Problem = ex.Message;
                info.ProblemPosition = ex.Position;
                info.ProblemId = ex.ErrorId;
                info.EventCount = events;
                if (verify) info.ChecksumsVerified = false;
                if (info.Flavor == null
                    && reader.Format != null) { info.Flavor = reader.Format.Flavor; info.ServerVersion = reader.Format.ServerVersion; }
            }
            info.Status = info.ProblemId == NotABinlogId ? "NotABinlog" : info.Problem != null ? "Damaged" : info.ClosedCleanly == true
                ? "Closed" : "NotClosed";
            if (first != 0)
            {
                info.FirstEventTimeUtc = DateTimeOffset.FromUnixTimeSeconds(first).UtcDateTime;
                info.FirstEventTime = info.FirstEventTimeUtc.Value.ToLocalTime();
                info.LastEventTimeUtc = DateTimeOffset.FromUnixTimeSeconds(last).UtcDateTime;
                info.LastEventTime = info.LastEventTimeUtc.Value.ToLocalTime();
            }
            return info;
        }

        /// <summary>The server's binlogs as SHOW BINARY LOGS lists them (name, size), the last one active.</summary>
        public static async Task<List<BinlogFileInfo>> ServerLogsAsync(MySqlConnection connection, CancellationToken cancellationToken)
        {
            var list = new List<BinlogFileInfo>();
            try
            {
                using (var command = new MySqlCommand("SHOW BINARY LOGS", connection))
                using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var name = reader.GetString(0);
                        list.Add(new BinlogFileInfo { Name = name, Sequence = SequenceOf(name),
                            Size = Convert.ToInt64(reader.GetValue(1)) });
                    }
                }
            }
            catch (MySqlException ex) when (ex.Number == 1381)
            {
                throw new RostrvmException("BinaryLoggingOff",
                    FailureKind.InvalidOperation, "Binary logging is off on the server (log_bin=OFF): there are no binlogs. Turn on " +
                    "log_bin to get incremental backups and point-in-time restore.", null, ex);
            }
            catch (MySqlException ex) when (ex.Number == 1227)
            {
                throw new RostrvmException("PrivilegeMissing",
                    FailureKind.PermissionDenied, "SHOW BINARY LOGS was refused: the account needs BINLOG MONITOR (MariaDB) or " +
                    "REPLICATION CLIENT (MySQL).", null, ex);
            }
            if (list.Count > 0) list[list.Count - 1].IsActive = true;
            return list;
        }

        /// <summary>The folder of the server's binlogs (log_bin_basename), or null when it is not readable here.</summary>
        public static async Task<string?> ServerBinlogFolderAsync(MySqlConnection connection, string? configuredPath,
            CancellationToken cancellationToken)
        {
            var info = string.IsNullOrEmpty(configuredPath) ? await ServerInfo.ReadAsync(connection, cancellationToken)
                .ConfigureAwait(false) : null;
            var locations = BinlogLocations.Resolve(configuredPath, string.Empty, info); // only the server's folder is wanted
            return locations.ServerFolderReadable ? locations.ServerFolder : null;
        }
    }
}
