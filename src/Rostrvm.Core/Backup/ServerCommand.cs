using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;

namespace Rostrvm.Core.Backup
{
    /// <summary>One statement without results, no command timeout (dumps and loads run long).</summary>
    internal static class ServerCommand
    {
        public static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken token)
        {
            using (var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 })
                await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }

        /// <summary>
        /// The same, blocking: for the dump connections, which never see an asynchronous call (see <see cref="SharedSnapshot"/>).
        /// </summary>
        public static void Execute(MySqlConnection connection, string sql)
        {
            using (var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 })
                command.ExecuteNonQuery();
        }
    }
}
