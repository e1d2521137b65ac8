using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Backup;
using Rostrvm.Core.Connection;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// The server's max_allowed_packet against the largest statement the plan replays: too small
    /// is refused before anything changes, or (-RaiseMaxAllowedPacket) raised globally for the
    /// restore, which opens its sessions after, and set back when it ends.
    /// </summary>
    public sealed class PacketLimit
    {
        public const string TooSmallId = "MaxAllowedPacketTooSmall";

        private const long ServerMaximum = 1L << 30; // 1 GB, the most either server accepts

        private long _original;

        public bool Raised { get; private set; }
        public string? Note { get; private set; }

        /// <summary>The refusal for this plan and server value, or null when it fits.</summary>
        public static RestoreProblem? Problem(RestorePlan plan, long serverValue)
        {
            if (plan.MaxAllowedPacketNeeded <= serverValue) return null;
            return new RestoreProblem(TooSmallId,
                $"The largest statement the replay sends ({plan.LargestEvent}) needs max_allowed_packet of at " +
                    $"least {Size(plan.MaxAllowedPacketNeeded)} ({plan.MaxAllowedPacketNeeded} bytes); the server's " +
                    $"is {Size(serverValue)}. " +
                $"Raise it on the server (SET GLOBAL max_allowed_packet = {RoundUp(plan.MaxAllowedPacketNeeded)}; and max_allowed_packet " +
                    "in its option file), or restore with -RaiseMaxAllowedPacket, which raises it for the restore and sets it back after " +
                    "(needs SUPER or SYSTEM_VARIABLES_ADMIN).");
        }

        /// <summary>Get-RostrvmRestorePlan's check: the plan made unreachable when the server's limit is too small.</summary>
        public static async Task<RestorePlan> CheckAsync(ConnectionOptions server, RestorePlan plan, CancellationToken token)
        {
            if (!plan.Reachable || plan.MaxAllowedPacketNeeded <= 0) return plan;
            using (var connection = await ConnectionFactory.OpenAsync(server, false, token).ConfigureAwait(false))
            {
                var problem = Problem(plan, await ReadAsync(connection, token).ConfigureAwait(false));
                if (problem != null) plan.AddProblem(problem);
            }
            return plan;
        }

        public static async Task<long> ReadAsync(MySqlConnection connection, CancellationToken token)
        {
            using (var command = new MySqlCommand("SELECT @@GLOBAL.max_allowed_packet", connection))
                return Convert.ToInt64(await command.ExecuteScalarAsync(token).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        /// <summary>Checks the plan against the server; raises the limit when asked and allowed, else refuses.</summary>
        public static async Task<PacketLimit> PrepareAsync(MySqlConnection admin, RestorePlan plan, bool raise, CancellationToken token)
        {
            var limit = new PacketLimit();
            if (plan.MaxAllowedPacketNeeded <= 0) return limit;
            var current = await ReadAsync(admin, token).ConfigureAwait(false);
            var problem = Problem(plan, current);
            if (problem == null) return limit;
            if (!raise || plan.MaxAllowedPacketNeeded > ServerMaximum)
                throw new RostrvmException(problem.Id,
                    FailureKind.LimitsExceeded, "The restore was refused and nothing was changed: " + problem.Message, plan.LargestEvent);
            try
            {
                await ServerCommand.ExecuteAsync(admin, "SET GLOBAL max_allowed_packet = " + RoundUp(plan.MaxAllowedPacketNeeded)
                    .ToString(CultureInfo.InvariantCulture), token).ConfigureAwait(false);
            }
            catch (MySqlException ex) when (ex.Number == 1227)
            {
                throw new RostrvmException(problem.Id, FailureKind.PermissionDenied,
                    "The restore was refused and nothing was changed: " + problem.Message + " This account may not raise it (server " +
                        "error 1227): ask an administrator to.", plan.LargestEvent, ex);
            }
            // Pooled sessions keep the value they connected with: the restore's must be new.
            MySqlConnection.ClearAllPools();
            limit._original = current;
            limit.Raised = true;
            limit.Note = $"max_allowed_packet was raised from {Size(current)} to {Size(RoundUp(plan.MaxAllowedPacketNeeded))} for the " +
                $"replay ({plan.LargestEvent}) and set back after it.";
            return limit;
        }

        /// <summary>Sets the server's value back (best effort: a lost server has it back at its restart anyway).</summary>
        public async Task RestoreAsync(ConnectionOptions server)
        {
            if (!Raised) return;
            try
            {
                using (var connection = await ConnectionFactory.OpenAsync(server, false, CancellationToken.None).ConfigureAwait(false))
                    await ServerCommand.ExecuteAsync(connection,
                        "SET GLOBAL max_allowed_packet = " + _original.ToString(CultureInfo.InvariantCulture), CancellationToken.None)
                        .ConfigureAwait(false);
                MySqlConnection.ClearAllPools();
                Raised = false;
            }
            catch (Exception ex) when (ex is MySqlException || ex is RostrvmException) { }
        }

        private static long RoundUp(long bytes) => Math.Min(ServerMaximum, (bytes + 1023) / 1024 * 1024);

        private static string Size(long bytes) =>
            bytes >= 1 << 20 ? (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB" : (bytes / 1024.0).ToString("0.#",
                CultureInfo.InvariantCulture) + " KB";
    }
}
