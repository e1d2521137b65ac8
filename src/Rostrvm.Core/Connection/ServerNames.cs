using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Rostrvm.Core.Connection
{
    /// <summary>
    /// Database and table names of a server, for tab completion: one quick query, given up after a
    /// short time, and no error when the server cannot be reached (completion then offers nothing).
    /// </summary>
    public static class ServerNames
    {
        /// <summary>How long completion may wait for the server.</summary>
        public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

        public static IReadOnlyList<string> Databases(ConnectionOptions options, string? prefix) =>
            Query(options, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE @prefix ORDER BY SCHEMA_NAME",
                prefix, null);

        /// <summary>The tables of <paramref name="database"/>; none when it is null.</summary>
        public static IReadOnlyList<string> Tables(ConnectionOptions options, string? database, string? prefix) =>
            Query(options, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = @database AND TABLE_NAME LIKE @prefix " +
                "ORDER BY TABLE_NAME", prefix, database);

        private static IReadOnlyList<string> Query(ConnectionOptions options, string sql, string? prefix, string? database)
        {
            using (var cancel = new CancellationTokenSource(Patience))
            {
                var work = Task.Run(async () =>
                {
                    var names = new List<string>();
                    using (var connection = await ConnectionFactory.OpenAsync(options, withDatabase: false, cancel.Token)
                        .ConfigureAwait(false))
                    using (var command = connection.CreateCommand())
                    {
                        command.CommandText = sql;
                        command.CommandTimeout = (int)Patience.TotalSeconds;
                        command.Parameters.AddWithValue("@prefix", EscapeLike(prefix ?? string.Empty) + "%");
                        command.Parameters.AddWithValue("@database", database ?? string.Empty);
                        using (var reader = await command.ExecuteReaderAsync(cancel.Token).ConfigureAwait(false))
                            while (await reader.ReadAsync(cancel.Token).ConfigureAwait(false)) names.Add(reader.GetString(0));
                    }
                    return names;
                }, cancel.Token);
                try { return work.Wait(Patience) ? work.Result : (IReadOnlyList<string>)new string[0]; }
                catch (AggregateException) { return new string[0]; }
            }
        }

        private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
    }
}
