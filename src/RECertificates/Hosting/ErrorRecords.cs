using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Security;
using System.Security.Authentication;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Sessions;

namespace RECertificates.Hosting
{
    /// <summary>
    /// Turns the module's failures into error records, in one place. The ErrorId is the failure's own; the category
    /// follows from its <see cref="FailureKind"/> (the table below, the only mapping there is); and the exception is
    /// what a script's <c>catch [...]</c> expects: <see cref="REApiException"/> for what the cluster answered (or
    /// failed to answer), and the standard .NET or PowerShell type for what the module found itself, so that
    /// <c>catch [RECertificates.REApiException]</c> never catches a missing file or a missing session.
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(Exception exception, object? target)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1)
            {
                exception = aggregate.InnerExceptions[0];
            }

            switch (exception)
            {
                case REApiException api:
                    return new ErrorRecord(api, api.ErrorId, CategoryOf(api.Kind), target);
                case SessionClosedException closed:
                    // The session given to the cmdlet is the argument at fault, as the category has always said.
                    return new ErrorRecord(closed, SessionClosedException.ErrorId, CategoryOf(FailureKind.InvalidArgument), target);
            }

            // Anything else is a defect of ours, not the user's: say so plainly, without a stack.
            var wrapped = new InvalidOperationException(
                $"Unexpected failure{(target != null ? $" for '{target}'" : string.Empty)}: {exception.Message}", exception);
            return new ErrorRecord(wrapped, "UnexpectedError", ErrorCategory.NotSpecified, target);
        }

        /// <summary>A failure the module found itself (no cluster answered it): its exception is a standard type.</summary>
        public static ErrorRecord Create(string errorId, FailureKind kind, object? target, string message) =>
            new ErrorRecord(LocalException(kind, message), errorId, CategoryOf(kind), target);

        /// <summary>A problem found in the user's certificate input: its id is the ErrorId, its file or name the target.</summary>
        public static ErrorRecord FromIssue(ValidationIssue issue) => Create(issue.Id, issue.Kind, issue.Target, issue.Message);

        internal static ErrorCategory CategoryOf(FailureKind kind) => Describe(kind).Category;

        internal static Exception LocalException(FailureKind kind, string message) => Describe(kind).Local(message);

        // Local exceptions are the .NET types a script already catches for the same trouble (a missing file:
        // FileNotFoundException; a file it may not read: UnauthorizedAccessException). None is one of PowerShell's own
        // (ItemNotFoundException, PSArgumentException, ...): those carry an ErrorRecord of their own, and a script's
        // catch block would see that one, with an ErrorId such as 'SessionStateException', instead of ours.
        // The kinds only the cluster's answers have still get a fitting type, so that the table is total.
        private static (ErrorCategory Category, Func<string, Exception> Local) Describe(FailureKind kind) => kind switch
        {
            FailureKind.InvalidArgument => (ErrorCategory.InvalidArgument, m => new ArgumentException(m)),
            FailureKind.InvalidData => (ErrorCategory.InvalidData, m => new InvalidDataException(m)),
            FailureKind.ObjectNotFound => (ErrorCategory.ObjectNotFound, m => new FileNotFoundException(m)),
            FailureKind.NotOnCluster => (ErrorCategory.ObjectNotFound, m => new KeyNotFoundException(m)),
            FailureKind.PermissionDenied => (ErrorCategory.PermissionDenied, m => new UnauthorizedAccessException(m)),
            FailureKind.Refused => (ErrorCategory.PermissionDenied, m => new InvalidOperationException(m)),
            FailureKind.AuthenticationFailed => (ErrorCategory.AuthenticationError, m => new AuthenticationException(m)),
            FailureKind.SecurityError => (ErrorCategory.SecurityError, m => new SecurityException(m)),
            FailureKind.ConnectionError => (ErrorCategory.ConnectionError, m => new InvalidOperationException(m)),
            FailureKind.Timeout => (ErrorCategory.OperationTimeout, m => new TimeoutException(m)),
            FailureKind.ResourceUnavailable => (ErrorCategory.ResourceUnavailable, m => new InvalidOperationException(m)),
            FailureKind.ResourceExists => (ErrorCategory.ResourceExists, m => new IOException(m)),
            FailureKind.ReadError => (ErrorCategory.ReadError, m => new IOException(m)),
            FailureKind.WriteError => (ErrorCategory.WriteError, m => new IOException(m)),
            FailureKind.InvalidResult => (ErrorCategory.InvalidResult, m => new InvalidOperationException(m)),
            FailureKind.PartiallyCompleted => (ErrorCategory.ResourceBusy, m => new InvalidOperationException(m)),
            FailureKind.NotImplemented => (ErrorCategory.NotImplemented, m => new NotSupportedException(m)),
            FailureKind.OperationStopped => (ErrorCategory.OperationStopped, m => new OperationCanceledException(m)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Every FailureKind needs its row in ErrorRecords."),
        };
    }
}
