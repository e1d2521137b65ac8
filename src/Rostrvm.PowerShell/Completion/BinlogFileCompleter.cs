using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Rostrvm.PowerShell.Completion
{
    /// <summary>Binlog files: those of the server's binlog folder (BinlogPath) and of the binlog copies, as full paths.</summary>
    public sealed class BinlogFileCompleter : RostrvmCompleter
    {
        private static readonly Regex s_binlogName = new Regex(@"\.\d{6,}$", RegexOptions.CultureInvariant);

        protected override IEnumerable<Candidate> Candidates(string word, IDictionary bound)
        {
            var settings = Settings(bound);
            // Without asking the server: the folders the settings name, where a restore looks for its chain.
            var folders = Core.Binlog.BinlogLocations.Resolve(settings, null).ChainFolders
                .Where(f => !string.IsNullOrEmpty(f) && Directory.Exists(f)).Distinct(StringComparer.Ordinal);
            return folders.SelectMany(f => new DirectoryInfo(f).GetFiles())
                .Where(f => s_binlogName.IsMatch(f.Name))
                .OrderBy(f => f.Name, StringComparer.Ordinal).ThenBy(f => f.FullName, StringComparer.Ordinal)
                .Select(f => new Candidate(
                    f.FullName,
                    $"{f.Name} in {f.DirectoryName}, {f.Length:N0} bytes, last written {f.LastWriteTime:yyyy-MM-dd HH:mm:ss}",
                    f.Name));
        }
    }
}
