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
            var settings = Settings(bound);
            var connection = Connection(bound, settings);
            // The settings fill the database when -Database was not given.
            var database = connection.Database ?? settings.EffectiveDatabase;
            return ServerNames.Tables(connection, database, word)
                .Select(name => new Candidate(name, database + "." + name));
        }
    }
}
