using System;
using System.IO;
using System.Net.Sockets;
using MySqlConnector;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Connection
{
    /// <summary>
    /// Recognises, in whatever a job's code let through, that the server went away: shut down
    /// (ER_SERVER_SHUTDOWN, ER_NORMAL_SHUTDOWN), killed or dropped (end of stream, a reset socket,
    /// "Failed to read the result set", ER_CONNECTION_KILLED, KILL CONNECTION's ER_QUERY_INTERRUPTED)
    /// or silent past the read timeout. The one place that knows the connector's shapes of it.
    /// </summary>
    public static class ConnectionLoss
    {
        /// <summary>MariaDB's ER_CONNECTION_KILLED, sent to a session killed by KILL or at shutdown.</summary>
        private const int ConnectionKilled = 1927;

        /// <summary>The id of a connection that could not be made at all (the server was not there).</summary>
        public const string UnreachableId = "ServerUnreachable";

        /// <summary>True when the exception (or one it wraps) says the connection to the server was lost.</summary>
        public static bool Is(Exception exception)
        {
            for (var e = exception; e != null; e = Next(e))
            {
                if (e is ServerConnectionLostException) return true;
                // A failure already named (not there at all, TLS refused, access denied, a missing
                // privilege...) stays what it is; only one that says no more than "the step failed"
                // (BackupLoadFailed, BinlogReplayFailed, ServerError) may hide a lost server.
                if (e is RostrvmException rostrvm && rostrvm.Kind != FailureKind.InvalidOperation
                    && rostrvm.Kind != FailureKind.NotSpecified) return false;
                if (e is MySqlException my && IsLossCode(my)) return true;
                if (FromConnector(e) && (e is EndOfStreamException || e is IOException || e is SocketException)) return true;
                // A connection used again after it died: the connector marks it Broken.
                if (e is InvalidOperationException && FromConnector(e)
                    && e.Message.IndexOf("state is Broken", StringComparison.Ordinal) >= 0) return true;
            }
            return false;
        }

        /// <summary>The loss as <see cref="ServerConnectionLostException"/>, or null when it is not one.</summary>
        public static ServerConnectionLostException? Translate(Exception exception, string? server, string? step = null,
            string? leftAsItWas = null)
        {
            var known = Find(exception);
            if (known != null) return known.WithJob(server, step, leftAsItWas);
            return Is(exception) ? new ServerConnectionLostException(server, step, leftAsItWas, Unwrap(exception)) : null;
        }

        private static ServerConnectionLostException? Find(Exception exception)
        {
            for (var e = exception; e != null; e = Next(e))
                if (e is ServerConnectionLostException lost) return lost;
            return null;
        }

        private static bool IsLossCode(MySqlException my)
        {
            switch (my.ErrorCode)
            {
                // The connector's code for "could not talk to the server" (its inner exception says why).
                case MySqlErrorCode.UnableToConnectToHost:
                case MySqlErrorCode.ServerShutdown:
                case MySqlErrorCode.NormalShutdown:
                case MySqlErrorCode.ShutdownComplete:
                case MySqlErrorCode.ForcingClose:
                case MySqlErrorCode.AbortingConnection:
                case MySqlErrorCode.NetReadError:
                case MySqlErrorCode.NetReadInterrupted:
                case MySqlErrorCode.CommandTimeoutExpired:
                case MySqlErrorCode.ClientInteractionTimeout:
                case MySqlErrorCode.QueryInterrupted:
                    return true;
            }
            return my.Number == ConnectionKilled || my.InnerException is IOException || my.InnerException is SocketException;
        }

        private static bool FromConnector(Exception e) =>
            (e.Source ?? string.Empty).StartsWith("MySqlConnector", StringComparison.Ordinal)
            || (e.GetType().Namespace ?? string.Empty).StartsWith("MySqlConnector", StringComparison.Ordinal);

        private static Exception? Next(Exception e) =>
            e is AggregateException aggregate && aggregate.InnerExceptions.Count == 1 ? aggregate.InnerExceptions[0] : e.InnerException;

        private static Exception Unwrap(Exception e) =>
            e is AggregateException aggregate && aggregate.InnerExceptions.Count == 1 ? Unwrap(aggregate.InnerExceptions[0]) : e;
    }
}
