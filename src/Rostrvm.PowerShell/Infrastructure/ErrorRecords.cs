using System;
using System.Management.Automation;
using Rostrvm.Core.Errors;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>Turns core failures into ErrorRecords with stable ids and real categories.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(Exception exception, object? fallbackTarget = null)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1)
                exception = aggregate.InnerExceptions[0];
            switch (exception)
            {
                case RostrvmException rostrvm:
                    return new ErrorRecord(rostrvm, rostrvm.ErrorId, Map(rostrvm.Kind), rostrvm.Target ?? fallbackTarget);
                case OperationCanceledException _:
                    return new ErrorRecord(exception, "OperationStopped", ErrorCategory.OperationStopped, fallbackTarget);
                case UnauthorizedAccessException _:
                    return new ErrorRecord(exception, "AccessToPathDenied", ErrorCategory.PermissionDenied, fallbackTarget);
                case System.IO.DirectoryNotFoundException _:
                case System.IO.FileNotFoundException _:
                    return new ErrorRecord(exception, "PathNotFound", ErrorCategory.ObjectNotFound, fallbackTarget);
                case System.IO.IOException io when IsDiskFull(io):
                    return new ErrorRecord(new RostrvmException("DiskFull", FailureKind.WriteError,
                        $"The disk is full while writing '{fallbackTarget}'. Nothing was replaced; " +
                            "free some space and run the command again.",
                        fallbackTarget, io),
                        "DiskFull", ErrorCategory.WriteError, fallbackTarget);
                default:
                    return new ErrorRecord(exception, "Unexpected" + exception.GetType().Name, ErrorCategory.NotSpecified, fallbackTarget);
            }
        }

        /// <summary>ENOSPC on Unix, ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.</summary>
        public static bool IsDiskFull(System.IO.IOException io) => Rostrvm.Core.IO.DiskFull.Is(io);

        public static ErrorCategory Map(FailureKind kind)
        {
            switch (kind)
            {
                case FailureKind.ConnectionError: return ErrorCategory.ConnectionError;
                case FailureKind.AuthenticationError: return ErrorCategory.AuthenticationError;
                case FailureKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case FailureKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case FailureKind.InvalidData: return ErrorCategory.InvalidData;
                case FailureKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case FailureKind.InvalidOperation: return ErrorCategory.InvalidOperation;
                case FailureKind.ResourceUnavailable: return ErrorCategory.ResourceUnavailable;
                case FailureKind.ResourceBusy: return ErrorCategory.ResourceBusy;
                case FailureKind.WriteError: return ErrorCategory.WriteError;
                case FailureKind.ReadError: return ErrorCategory.ReadError;
                case FailureKind.SecurityError: return ErrorCategory.SecurityError;
                case FailureKind.OperationStopped: return ErrorCategory.OperationStopped;
                case FailureKind.LimitsExceeded: return ErrorCategory.LimitsExceeded;
                case FailureKind.NotImplemented: return ErrorCategory.NotImplemented;
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
