using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Rostrvm.PowerShell.Completion
{
    /// <summary>-Job of Get-RostrvmMaintenanceHistory: the jobs of the shipped nightly and weekly scripts.</summary>
    public sealed class MaintenanceJobNameCompleter : RostrvmCompleter
    {
        private static readonly string[] s_jobs =
        {
            "BackupTest", "BinlogCopy", "FullBackup", "LogCompression", "MaintenanceLock", "MisExport", "MisPurge",
            "RecordingArchive", "ScriptBackup", "StorageReport",
        };

        protected override IEnumerable<Candidate> Candidates(string word, IDictionary bound) => s_jobs.Select(name => new Candidate(name));
    }
}
