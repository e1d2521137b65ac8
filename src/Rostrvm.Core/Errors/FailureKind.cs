namespace Rostrvm.Core.Errors
{
    /// <summary>
    /// What sort of failure: mirrors the PowerShell error categories the cmdlets map it to,
    /// without the core depending on PowerShell.
    /// </summary>
    public enum FailureKind
    {
        NotSpecified,
        ConnectionError,
        AuthenticationError,
        PermissionDenied,
        ObjectNotFound,
        InvalidData,
        InvalidArgument,
        InvalidOperation,
        ResourceUnavailable,
        ResourceBusy,
        WriteError,
        ReadError,
        SecurityError,
        OperationStopped,
        LimitsExceeded,
        NotImplemented,
    }
}
