using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Rostrvm.Core.Backup
{
    /// <summary>
    /// The cycle of full backups: <c>rostrvm_&lt;vernum&gt;_&lt;n&gt;.rbk</c> (or <c>.rbk.gz</c>, <c>.rbk.zst</c>),
    /// n = 1..cycle. A new backup goes to an empty slot, else to a slot holding an incomplete or
    /// foreign file, else over the oldest complete backup, and only once it is itself complete.
    /// </summary>
    public static class BackupCycle
    {
        public const string Extension = ".rbk";
        public const string CompressedExtension = ".rbk.gz";
        public const string ZstdExtension = ".rbk.zst";
        public const string ScriptsExtension = ".scripts.zip";

        private static readonly Regex s_name = new Regex(
            @"^rostrvm_(?<ver>[0-9A-Za-z]+)_(?<n>[0-9]+)(?<ext>\.rbk(\.gz|\.zst)?(\.gpg)?|\.scripts\.zip)$",
            RegexOptions.CultureInvariant);

        public static string FileName(string versionNumber, int slot, BackupCompression compression, bool encrypted = false) =>
            "rostrvm_" + versionNumber + "_" + slot.ToString(CultureInfo.InvariantCulture) + (BackupCodec.For(compression)?.Extension ??
                Extension) + (encrypted ? Encryption.OpenPgpWriter.Extension : string.Empty);

        /// <summary>Every name a backup of this slot may have (.rbk, .rbk.gz, .rbk.zst and their encrypted .gpg forms).</summary>
        public static IEnumerable<string> FileNames(string versionNumber, int slot)
        {
            foreach (var compression in new[] { BackupCompression.None, BackupCompression.Gzip, BackupCompression.Zstd })
                foreach (var encrypted in new[] { false, true })
                    yield return FileName(versionNumber, slot, compression, encrypted);
        }

        public static string ScriptsFileName(string versionNumber, int slot) =>
            "rostrvm_" + versionNumber + "_" + slot.ToString(CultureInfo.InvariantCulture) + ScriptsExtension;

        /// <summary>The slot number of a cycle file name, 0 when the name is not one.</summary>
        public static int SlotOf(string? fileName, string? versionNumber = null)
        {
            var match = s_name.Match(IO.PortablePath.GetFileName(fileName ?? string.Empty));
            if (!match.Success) return 0;
            if (versionNumber != null && !string.Equals(match.Groups["ver"].Value, versionNumber,
                StringComparison.OrdinalIgnoreCase)) return 0;
            return int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        }

        public static bool IsBackupFile(string fileName)
        {
            if (fileName.EndsWith(IO.AtomicFile.TemporarySuffix, StringComparison.OrdinalIgnoreCase)) return false;
            var plain = Encryption.OpenPgpWriter.PlainName(fileName);
            return plain.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) || plain.EndsWith(CompressedExtension,
                StringComparison.OrdinalIgnoreCase) || plain.EndsWith(ZstdExtension, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Chooses the slot the next backup replaces (pure: works from the listed files).</summary>
        public static int ChooseSlot(IEnumerable<BackupInfo> existing, string versionNumber, int cycle)
        {
            if (cycle < 1) throw new ArgumentOutOfRangeException(nameof(cycle), cycle, "The backup cycle must be at least 1.");
            var bySlot = existing.Where(b => b.Slot >= 1 && b.Slot <= cycle && SlotOf(b.Name, versionNumber) == b.Slot)
                .GroupBy(b => b.Slot).ToDictionary(g => g.Key, g => g.ToList());
            for (var slot = 1; slot <= cycle; slot++)
                if (!bySlot.ContainsKey(slot)) return slot;
            // A slot whose every file is unusable is as good as empty.
            foreach (var slot in bySlot.Keys.OrderBy(s => s))
                if (bySlot[slot].All(b => !b.Complete && b.Status != BackupInfo.EncryptedStatus)) return slot;
            // An encrypted backup read without its key counts as complete, dated by its file: never overwritten as if unusable.
            return bySlot
                .OrderBy(kv => kv.Value.Where(b => b.Complete || b.Status == BackupInfo.EncryptedStatus).Max(b => b.SnapshotTimeUtc))
                .ThenBy(kv => kv.Key).First().Key;
        }
    }
}
