using System;

namespace Rostrvm.Core.Errors
{
    /// <summary>
    /// The database server went away in the middle of a job: shut down, killed, the connection
    /// killed, or no answer within the read timeout. One id for all of them, so a scheduled run's
    /// history and a script can tell "the server died" from "the job is wrong". The message names
    /// the server, the step the job was at and what it left as it was.
    /// </summary>
    public sealed class ServerConnectionLostException : RostrvmException
    {
        public const string Id = "ServerConnectionLost";

        public ServerConnectionLostException(string? server, string? step, string? leftAsItWas, Exception? inner)
            : base(Id, FailureKind.ConnectionError, Compose(server, step, leftAsItWas, inner), server, inner)
        {
            Server = server;
            Step = step;
            LeftAsItWas = leftAsItWas;
        }

        /// <summary>host:port of the server that went away.</summary>
        public string? Server { get; }

        /// <summary>What the job was doing when the connection was lost; null when unknown.</summary>
        public string? Step { get; }

        /// <summary>What the job guarantees it left unchanged (or finishes on the next run).</summary>
        public string? LeftAsItWas { get; }

        /// <summary>The same loss with the job's step and guarantee filled in where this one lacks them.</summary>
        public ServerConnectionLostException WithJob(string? server, string? step, string? leftAsItWas) =>
            new ServerConnectionLostException(Server ?? server, Step ?? step, LeftAsItWas ?? leftAsItWas, InnerException);

        private static string Compose(string? server, string? step, string? leftAsItWas, Exception? inner)
        {
            var where = string.IsNullOrEmpty(server) ? "the database server" : $"the database server at {server}";
            var during = string.IsNullOrEmpty(step) ? string.Empty : $" during \"{step}\"";
            var cause = inner == null ? string.Empty : $" ({Cause(inner)})";
            var left = leftAsItWas is { Length: > 0 } ? " " + leftAsItWas.TrimEnd('.') + "." : string.Empty;
            return $"The connection to {where} was lost{during}{cause}.{left} Check that the server is running "
                + "(its error log says why it stopped or dropped the connection), then run the command again: the rerun finishes the work.";
        }

        /// <summary>The driver's words for the loss, innermost first that says something: never row data.</summary>
        private static string Cause(Exception inner)
        {
            var text = inner.Message;
            for (var e = inner.InnerException; e != null && string.IsNullOrWhiteSpace(text); e = e.InnerException) text = e.Message;
            return (text ?? string.Empty).Trim().TrimEnd('.');
        }
    }
}
