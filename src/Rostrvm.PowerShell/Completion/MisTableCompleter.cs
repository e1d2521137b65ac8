using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Rostrvm.PowerShell.Completion
{
    /// <summary>-Table of the MIS cmdlets: the MIS tables in the settings, with the column that dates their rows.</summary>
    public sealed class MisTableCompleter : RostrvmCompleter
    {
        protected override IEnumerable<Candidate> Candidates(string word, IDictionary bound) =>
            Settings(bound).EffectiveMisTables.OrderBy(t => t.Key)
                .Select(t => new Candidate(t.Key, $"{t.Key} (dated by {t.Value})"));
    }
}
