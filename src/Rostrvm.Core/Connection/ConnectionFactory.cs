using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MySqlConnector;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Connection
{
    /// <summary>
    /// The one place that opens server connections and turns connector failures into errors
    /// an administrator can act on. The password travels only inside the connection string
    /// given to the connector; it is never formatted into a message.
    /// </summary>
    public static class ConnectionFactory
    {
        public static string BuildConnectionString(ConnectionOptions options, bool withDatabase = true)
        {
            var builder = new MySqlConnectionStringBuilder
            {
                Server = options.Server,
                Port = (uint)options.Port,
                UserID = options.Credential?.UserName ?? string.Empty,
                Password = options.Credential?.Password ?? string.Empty,
                Database = withDatabase ? options.Database ?? string.Empty : string.Empty,
                SslMode = ParseSslMode(options.SslMode),
                AllowUserVariables = true,
                AllowLoadLocalInfile = true,
                ConvertZeroDateTime = false,
                AllowZeroDateTime = true,
                DefaultCommandTimeout = (uint)Math.Max(0, options.CommandTimeoutSeconds),
                ConnectionTimeout = 15,
                Pooling = true,
                CharacterSet = "utf8mb4",
                GuidFormat = MySqlGuidFormat.None,
                TreatTinyAsBoolean = false,
                ApplicationName = "Rostrvm",
            };
            return builder.ConnectionString;
        }

        private static MySqlSslMode ParseSslMode(string value)
        {
            if (string.IsNullOrEmpty(value)) return MySqlSslMode.Preferred;
            if (Enum.TryParse<MySqlSslMode>(value, true, out var mode)) return mode;
            throw new RostrvmException("SslModeInvalid", FailureKind.InvalidArgument,
                $"SslMode '{value}' is not one of None, Preferred, Required, VerifyCA, VerifyFull.", value);
        }

        public static MySqlConnection Open(ConnectionOptions options, bool withDatabase = true,
            CancellationToken cancellationToken = default)
            => OpenAsync(options, withDatabase, cancellationToken).GetAwaiter().GetResult();

        public static async Task<MySqlConnection> OpenAsync(ConnectionOptions options, bool withDatabase = true,
            CancellationToken cancellationToken = default)
        {
            var connection = new MySqlConnection(BuildConnectionString(options, withDatabase));
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                connection.Dispose();
                throw Translate(ex, options);
            }
        }

        /// <summary>Maps a connector failure to a RostrvmException with a stable id.</summary>
        public static Exception Translate(Exception ex, ConnectionOptions options)
        {
            if (ex is RostrvmException) return ex;
            var where = $"{options.Server}:{options.Port}";
            if (ex is MySqlException my)
            {
                if (my.Message.IndexOf("SSL", StringComparison.OrdinalIgnoreCase) >= 0
                    || my.Message.IndexOf("TLS", StringComparison.Ordinal) >= 0)
                    return new RostrvmException("TlsUnavailable", FailureKind.SecurityError,
                        $"The connection to {where} could not be encrypted as -SslMode {options.SslMode} asks: {my.Message} Enable TLS " +
                            $"on the server, or choose -SslMode Preferred.", where, ex);
                // A job's connection that dies midway; a connection that never opened stays ServerUnreachable.
                // Is(ex) holds, so Translate has a loss to return.
                if (!CouldNotConnect(ex) && ConnectionLoss.Is(ex))
                    return ConnectionLoss.Translate(ex, where)!;
                switch (my.ErrorCode)
                {
                    case MySqlErrorCode.UnableToConnectToHost:
                        return new RostrvmException("ServerUnreachable", FailureKind.ConnectionError,
                            $"Cannot connect to the database server at {where}: {my.Message} Check that the MySQL service is running and " +
                                $"that -Server and -Port are right.", where, ex);
                    case MySqlErrorCode.AccessDenied:
                    case MySqlErrorCode.PasswordNotAllowed:
                    case MySqlErrorCode.PasswordNoMatch:
                        return new RostrvmException("AccessDenied", FailureKind.AuthenticationError,
                            $"The server at {where} refused the login of user '{options.UserName}'. Check the user name and password " +
                                $"(-Credential, or the option file in the settings).", where, ex);
                    case MySqlErrorCode.UnknownDatabase:
                        return new RostrvmException("DatabaseNotFound", FailureKind.ObjectNotFound,
                            $"The database '{options.Database}' does not exist on {where}. Check -Database or the Version in the settings.",
                                options.Database, ex);
                    case MySqlErrorCode.DatabaseAccessDenied:
                        return new RostrvmException("DatabaseAccessDenied", FailureKind.PermissionDenied,
                            $"User '{options.UserName}' may not use the database '{options.Database}' on {where}. Grant it the " +
                                $"privileges, or use another account.", options.Database, ex);
                }
                if (my.InnerException is SocketException || my.Number == 0 && my.InnerException != null)
                    return new RostrvmException("ServerUnreachable", FailureKind.ConnectionError,
                        $"Cannot connect to the database server at {where}: {my.Message} Check that the MySQL service is running and " +
                            $"that -Server and -Port are right.", where, ex);
                return new RostrvmException("ServerError", FailureKind.InvalidOperation,
                    $"The server at {where} returned error {my.Number}: {my.Message}", where, ex);
            }
            if (ConnectionLoss.Is(ex))
                return ConnectionLoss.Translate(ex, where)!;
            if (ex is SocketException || ex is TimeoutException)
                return new RostrvmException("ServerUnreachable", FailureKind.ConnectionError,
                    $"Cannot connect to the database server at {where}: {ex.Message} Check that the MySQL service is running and that " +
                        $"-Server and -Port are right.", where, ex);
            return ex;
        }

        /// <summary>The connector's "Unable to connect to any of the specified MySQL hosts": no session was ever made.</summary>
        private static bool CouldNotConnect(Exception ex) =>
            ex is MySqlException my && my.ErrorCode == MySqlErrorCode.UnableToConnectToHost
            && (my.InnerException == null || my.InnerException is SocketException || my.InnerException is TimeoutException);
    }
}
