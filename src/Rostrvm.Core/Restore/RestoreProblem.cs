
namespace Rostrvm.Core.Restore
{
    /// <summary>A problem that makes a restore target unreachable: a stable id and a sentence.</summary>
    public sealed class RestoreProblem
    {
        public RestoreProblem(string id, string message) { Id = id; Message = message; }
        public string Id { get; }
        public string Message { get; }
        public override string ToString() => Id + ": " + Message;
    }
}
