using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Mirror
{
    /// <summary>An SFTP mirror whose host key is not the pinned one: nothing is sent to it.</summary>
    public sealed class MirrorHostKeyException : RostrvmException
    {
        public MirrorHostKeyException(string mirror, string why)
            : base("MirrorHostKeyChanged", FailureKind.SecurityError, $"Nothing was copied to the mirror '{mirror}': {why}.", mirror)
        {
        }
    }
}
