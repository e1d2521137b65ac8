using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Configuration;
using Rostrvm.Core.Encryption;
using Rostrvm.Core.IO;
using Rostrvm.Core.Restore;

namespace Rostrvm.Core.Mirror
{
    /// <summary>
    /// What goes where on a mirror: full backups under backups/, binlog copies under
    /// backups/binlog/, MIS extracts under ExtractedMIS/&lt;day&gt;/, whatever the local folders are
    /// called. Only finished files (never a temporary one) are mirrored.
    /// </summary>
    public static class MirrorLayout
    {
        public const string BackupsFolder = "backups";
        public const string BinlogFolder = "backups/binlog";
        public const string MisFolder = "ExtractedMIS";

        /// <summary>A local file and the path it has on every mirror.</summary>
        public static KeyValuePair<string, string> Backup(string localPath) => Pair(localPath, BackupsFolder);

        public static KeyValuePair<string, string> BinlogCopy(string localPath) => Pair(localPath, BinlogFolder);

        public static KeyValuePair<string, string> MisFile(string localPath) =>
            Pair(localPath, MisFolder + "/" + Path.GetFileName(Path.GetDirectoryName(localPath)));

        private static KeyValuePair<string, string> Pair(string localPath, string folder) =>
            new KeyValuePair<string, string>(localPath, folder + "/" + Path.GetFileName(localPath));

        public static bool IsBinlogCopy(string path) =>
            !path.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal)
                && BinlogChain.TryParseName(OpenPgpWriter.PlainName(path), out _, out _);

        /// <summary>Every finished local file that belongs on the mirrors, by mirror folder.</summary>
        public static IEnumerable<KeyValuePair<string, string>> LocalFiles(RostrvmSettings settings)
        {
            var backups = settings.EffectiveBackupPath;
            if (Directory.Exists(backups))
                foreach (var file in Directory.EnumerateFiles(backups).Where(BackupCycle.IsBackupFile).OrderBy(f => f,
                    StringComparer.Ordinal))
                    yield return Backup(file);
            var binlogs = settings.EffectiveBinlogBackupPath;
            if (Directory.Exists(binlogs))
                foreach (var file in Directory.EnumerateFiles(binlogs).Where(IsBinlogCopy).OrderBy(f => f, StringComparer.Ordinal))
                    yield return BinlogCopy(file);
            var mis = settings.EffectiveMisExtractPath;
            if (Directory.Exists(mis))
                foreach (var day in Directory.EnumerateDirectories(mis)
                    .Where(d => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(d), @"^\d{4}-\d{2}-\d{2}$"))
                    .OrderBy(d => d, StringComparer.Ordinal))
                    foreach (var file in Directory.EnumerateFiles(day).Where(f => !f.EndsWith(AtomicFile.TemporarySuffix,
                        StringComparison.Ordinal)))
                        yield return MisFile(file);
        }
    }
}
