using System.Collections;
using System.Collections.Generic;
using System;
using System.IO;
using System.Linq;

namespace Rostrvm.PowerShell.Completion
{
    /// <summary>A backup file: the .rbk files of the backup folder, newest first, as full paths.</summary>
    public sealed class BackupFileCompleter : RostrvmCompleter
    {
        protected override IEnumerable<Candidate> Candidates(string word, IDictionary bound)
        {
            var folder = Text(bound, "BackupPath") ?? Settings(bound).EffectiveBackupPath;
            if (!Directory.Exists(folder)) return new Candidate[0];
            return new DirectoryInfo(folder).GetFiles("*.rbk*")
                .Where(f => !f.Name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .Select(f => new Candidate(f.FullName, $"{f.Name}, written {f.LastWriteTime:yyyy-MM-dd HH:mm:ss}", f.Name));
        }
    }
}
