using System;

namespace Rostrvm.Core.Errors
{
    /// <summary>
    /// Base of every failure the core reports on purpose. It carries a stable error id and a
    /// category so the cmdlet layer can turn it into an ErrorRecord without guessing.
    /// Messages say what happened, to what, and what to do.
    /// </summary>
    public class RostrvmException : Exception
    {
        public RostrvmException(string errorId, FailureKind kind, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        /// <summary>Stable PascalCase identifier, e.g. "ServerUnreachable".</summary>
        public string ErrorId { get; }

        public FailureKind Kind { get; }

        /// <summary>The thing that failed: a path, a server, a table.</summary>
        public object? Target { get; }
    }
}
