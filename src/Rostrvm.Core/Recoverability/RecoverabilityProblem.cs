namespace Rostrvm.Core.Recoverability
{
    /// <summary>
    /// One reason a server cannot be restored as far as it should: a stable id (scripts test it),
    /// Error (the restore would lose data) or Warning (it would work, but something needs doing),
    /// what was found and what to do.
    /// </summary>
    public sealed class RecoverabilityProblem
    {
        public const string Error = "Error";
        public const string Warning = "Warning";

        /// <summary>For objects rebuilt from remoting or JSON.</summary>
        public RecoverabilityProblem() { }

        public RecoverabilityProblem(string id, string severity, string message, string remedy)
        {
            Id = id;
            Severity = severity;
            Message = message;
            Remedy = remedy;
        }

        public string Id { get; set; } = "";
        public string Severity { get; set; } = "";
        public string Message { get; set; } = "";
        public string Remedy { get; set; } = "";

        public override string ToString() => Id + ": " + Message;
    }
}
