using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Rostrvm.Core.Connection;

namespace Rostrvm.PowerShell.Completion
{
    /// <summary>-Database and -TargetDatabase: the databases of the server the command would connect to.</summary>
    public sealed class DatabaseNameCompleter : RostrvmCompleter
    {
        protected override IEnumerable<Candidate> Candidates(string word, IDictionary bound)
        {
            var settings = Settings(bound);
            var withoutDatabase = new Hashtable(bound);
            withoutDatabase.Remove("Database");
            return ServerNames.Databases(Connection(withoutDatabase, settings), word).Select(name => new Candidate(name));
        }
    }
}
