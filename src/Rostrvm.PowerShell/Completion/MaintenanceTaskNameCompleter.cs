using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Rostrvm.PowerShell.Completion
{
    /// <summary>-Name of the maintenance task cmdlets: the tasks Register-RostrvmMaintenanceTask puts on the scheduler.</summary>
    public sealed class MaintenanceTaskNameCompleter : RostrvmCompleter
    {
        private static readonly string[] s_tasks = { "Nightly", "Weekly", "RecordingArchive" };

        protected override IEnumerable<Candidate> Candidates(string word, IDictionary bound) => s_tasks.Select(name => new Candidate(name));
    }
}
