using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Rostrvm.Core.Connection;

namespace Rostrvm.PowerShell.Completion
{
    /// <summary>-Table of the binlog cmdlets: the tables of -Database (or the settings' database) on the server.</summary>
    public sealed class TableNameCompleter : RostrvmCompleter
    {
        protected override IEnumerable<Candidate> Candidates(string word, IDictionary bound)
        {
            var connection = Connection(bound, Settings(bound));
            return ServerNames.Tables(connection, connection.Database, word)
                .Select(name => new Candidate(name, connection.Database + "." + name));
        }
    }
}
