using System;
using System.Diagnostics.CodeAnalysis;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Rostrvm.Core.Binlog;

namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// The binlog files a restore can use: found in several folders (the server's binlog
    /// directory, &lt;root&gt;/backups/binlog), deduplicated by name and content, ordered by
    /// sequence number, and checked for gaps (a missing number, a file purged before it was
    /// copied, a change of server id, two different files with one name).
    /// </summary>
    public sealed class BinlogChain
    {
        private static readonly Regex s_name = new Regex(@"^(?<base>.+)\.(?<seq>\d{6,})$", RegexOptions.CultureInvariant);

        private BinlogChain() { }

        /// <summary>Every usable file, by sequence number (one per name).</summary>
        public List<RestoreBinlogFile> Files { get; } = new List<RestoreBinlogFile>();

        /// <summary>Problems found while collecting (name conflicts, unreadable files).</summary>
        public List<RestoreProblem> Problems { get; } = new List<RestoreProblem>();

        public string[] Folders { get; private set; } = new string[0];

        /// <summary>Splits "rtmbinlog.000012" into ("rtmbinlog", 12); false for other names.</summary>
        public static bool TryParseName(string? fileName, [NotNullWhen(true)] out string? baseName, out long sequence)
        {
            baseName = null;
            sequence = 0;
            var match = s_name.Match(Path.GetFileName(fileName ?? string.Empty));
            if (!match.Success || !long.TryParse(match.Groups["seq"].Value, out sequence)) return false;
            baseName = match.Groups["base"].Value;
            return true;
        }

        /// <summary>Collects the binlogs named &lt;baseName&gt;.NNNNNN in the folders (missing folders are skipped).</summary>
        public static BinlogChain Discover(IEnumerable<string> folders, string? baseName)
        {
            var chain = new BinlogChain();
            var existing = folders.Where(f => f is { Length: > 0 }).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
            chain.Folders = existing.ToArray();
            var byName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            for (var i = 0; i < existing.Count; i++)
            {
                if (!Directory.Exists(existing[i])) continue;
                foreach (var path in Directory.EnumerateFiles(existing[i]))
                {
                    if (!TryParseName(path, out var b, out _) || (baseName != null && b != baseName)) continue;
                    var name = Path.GetFileName(path);
                    if (!byName.TryGetValue(name, out var list)) byName[name] = list = new List<string>();
                    list.Add(path);
                }
            }
            foreach (var pair in byName)
            {
                var file = chain.Choose(pair.Key, pair.Value, existing);
                if (file != null) chain.Files.Add(file);
            }
            chain.Files.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            return chain;
        }

        /// <summary>
        /// One name found in several folders: identical files (or a copy that is a prefix of the
        /// server's still-growing file) count once, the longest is used; different contents under
        /// one name are a conflict that stops the restore.
        /// </summary>
        private RestoreBinlogFile? Choose(string name, List<string> paths, List<string> folders)
        {
            var infos = new List<RestoreBinlogFile>();
            foreach (var path in paths)
            {
                try { infos.Add(Describe(path, folders.IndexOf(Path.GetDirectoryName(path)) == 0 ? "Server" : "Copy")); }
                catch (BinlogFormatException ex)
                {
                    Problems.Add(new RestoreProblem("BinlogUnreadable", $"The binlog '{path}' cannot be read: {ex.Message}. " +
                        "Remove or replace it, or point -BinlogPath elsewhere."));
                }
            }
            if (infos.Count == 0) return null;
            infos.Sort((a, b) => b.Size.CompareTo(a.Size));
            var chosen = infos[0];
            foreach (var other in infos.Skip(1))
            {
                if (!IsPrefix(other.Path, other.Size, chosen.Path))
                {
                    Problems.Add(new RestoreProblem("BinlogChainConflict",
                        $"Two different files are named {name}: '{chosen.Path}' and '{other.Path}' (their contents differ). " +
                        "They come from different servers or a reset binary log; keep only the right one in the folders given to " +
                        "-BinlogPath."));
                    continue;
                }
                if (other.Source != chosen.Source && chosen.Source?.IndexOf(other.Source ?? "", StringComparison.Ordinal) < 0)
                    chosen.Source = chosen.Source + "+" + other.Source;
            }
            return chosen;
        }

        /// <summary>Name, sequence, size, server id and closed flag from the format description event.</summary>
        public static RestoreBinlogFile Describe(string path, string? source)
        {
            TryParseName(path, out _, out var sequence);
            var reader = new BinlogReader(path, new BinlogReaderOptions { VerifyChecksums = false, Decode = false });
            BinlogEvent? first = null;
            foreach (var ev in reader.ReadEvents()) { first = ev; break; }
            if (first == null) throw new BinlogFormatException("BinlogTruncated", path, 4, "the file holds no event");
            var size = new FileInfo(path).Length;
            return new RestoreBinlogFile
            {
                Name = Path.GetFileName(path),
                Path = Path.GetFullPath(path),
                Source = source,
                Sequence = sequence,
                Size = size,
                ServerId = first.ServerId,
                Closed = reader.ClosedCleanly,
                StartPosition = 4,
                StopPosition = size,
            };
        }

        private static bool IsPrefix(string shorter, long length, string longer)
        {
            using (var sha1 = SHA256.Create())
            using (var sha2 = SHA256.Create())
            {
                return Convert.ToBase64String(Hash(sha1, shorter, length)) == Convert.ToBase64String(Hash(sha2, longer, length));
            }
        }

        private static byte[] Hash(HashAlgorithm algorithm, string path, long length)
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16))
            {
                var buffer = new byte[1 << 16];
                var left = length;
                while (left > 0)
                {
                    var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                    if (read <= 0) break;
                    algorithm.TransformBlock(buffer, 0, read, null, 0);
                    left -= read;
                }
                algorithm.TransformFinalBlock(new byte[0], 0, 0);
                return algorithm.Hash;
            }
        }

        /// <summary>
        /// The files from <paramref name="startFile"/> on, checked for gaps: the start file must
        /// exist (else it was purged before it was copied) and be at least <paramref name="startPosition"/>
        /// long, numbers must follow each other, and one server must have written them all.
        /// </summary>
        public List<RestoreBinlogFile> From(string startFile, long startPosition, List<RestoreProblem> problems)
        {
            var result = new List<RestoreBinlogFile>();
            if (!TryParseName(startFile, out _, out var startSequence))
            {
                problems.Add(new RestoreProblem("BinlogChainGap",
                    $"The backup's binlog file name '{startFile}' is not of the form name.NNNNNN."));
                return result;
            }
            var first = Files.FirstOrDefault(f => f.Sequence >= startSequence);
            if (first == null)
            {
                problems.Add(new RestoreProblem("BinlogChainGap",
                    $"No binlog from {startFile} on was found in {string.Join(", ", Folders)}: the changes after the backup are not " +
                    "available. Copy the binlogs there (Backup-RostrvmBinlog) or pass their folder with -BinlogPath."));
                return result;
            }
            if (first.Sequence != startSequence)
            {
                var before = Files.LastOrDefault(f => f.Sequence < startSequence);
                problems.Add(new RestoreProblem("BinlogChainGap",
                    $"The backup starts at {startFile}:{startPosition}, but {startFile} is in none of {string.Join(", ", Folders)} " +
                    $"(the first later file is {first.Name}): it was purged before it was copied to backups/binlog. The changes " +
                    $"between the backup and {first.Name} are lost; restore the backup alone (-Path) or choose a newer backup."));
                return result;
            }
            if (first.Size < startPosition)
            {
                problems.Add(new RestoreProblem("BinlogChainGap",
                    $"{first.Name} is {first.Size} bytes long, shorter than the backup's position {startPosition}: it is not the file " +
                    "the backup was taken against (a reset or a different server)."));
                return result;
            }
            first.StartPosition = startPosition;
            result.Add(first);
            foreach (var file in Files.Where(f => f.Sequence > startSequence))
            {
                var previous = result[result.Count - 1];
                if (file.Sequence != previous.Sequence + 1)
                {
                    problems.Add(new RestoreProblem("BinlogChainGap",
                        $"The binlog chain has a gap: {previous.Name} is followed by {file.Name}; {MissingNames(previous, file)} " +
                        $"missing (purged before it was copied). Changes in it are lost, so nothing after {previous.Name} can be " +
                        $"replayed; choose a target before the end of {previous.Name} or a backup taken after the gap."));
                    break;
                }
                if (file.ServerId != previous.ServerId)
                {
                    problems.Add(new RestoreProblem("BinlogChainGap",
                        $"The binlog chain changes server: {previous.Name} was written by server id {previous.ServerId}, {file.Name} " +
                        $"by server id {file.ServerId}. They are not one history; remove the foreign files from the folders given " +
                        "to -BinlogPath."));
                    break;
                }
                result.Add(file);
            }
            return result;
        }

        private static string MissingNames(RestoreBinlogFile previous, RestoreBinlogFile next)
        {
            TryParseName(previous.Name, out var b, out _);
            var digits = previous.Name.Length - b!.Length - 1; // the chain holds only names that parse
            var missing = new List<string>();
            for (var s = previous.Sequence + 1; s < next.Sequence && missing.Count < 5; s++)
                missing.Add(b + "." + s.ToString(new string('0', digits), System.Globalization.CultureInfo.InvariantCulture));
            if (next.Sequence - previous.Sequence - 1 > missing.Count) missing.Add("...");
            return string.Join(", ", missing) + (missing.Count == 1 ? " is" : " are");
        }
    }
}
