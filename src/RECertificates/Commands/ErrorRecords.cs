using System;
using System.Management.Automation;

namespace RECertificates.Commands
{
    /// <summary>Turns the module's failures into error records with a stable ErrorId and a fitting category.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(Exception exception, object? target)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1)
            {
                exception = aggregate.InnerExceptions[0];
            }

            if (exception is REApiException api)
            {
                return new ErrorRecord(api, api.ErrorId, ToCategory(api.Kind), target);
            }

            // Anything else is a defect of ours, not the user's: say so plainly, without a stack.
            var wrapped = new InvalidOperationException(
                $"Unexpected failure{(target != null ? $" for '{target}'" : string.Empty)}: {exception.Message}", exception);
            return new ErrorRecord(wrapped, "UnexpectedError", ErrorCategory.NotSpecified, target);
        }

        public static ErrorRecord Create(string errorId, ErrorCategory category, object? target, string message)
        {
            var exception = new REApiException(message, FromCategory(category), errorId);
            return new ErrorRecord(exception, errorId, category, target);
        }

        /// <summary>A problem found in the user's certificate input: its id is the ErrorId, its file or name the target.</summary>
        public static ErrorRecord FromIssue(ValidationIssue issue) => Create(issue.Id, ToCategory(issue.Category), issue.Target, issue.Message);

        public static ErrorCategory ToCategory(IssueCategory category)
        {
            switch (category)
            {
                case IssueCategory.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case IssueCategory.PermissionDenied: return ErrorCategory.PermissionDenied;
                case IssueCategory.InvalidArgument: return ErrorCategory.InvalidArgument;
                case IssueCategory.ResourceExists: return ErrorCategory.ResourceExists;
                case IssueCategory.ReadError: return ErrorCategory.ReadError;
                case IssueCategory.NotImplemented: return ErrorCategory.NotImplemented;
                default: return ErrorCategory.InvalidData;
            }
        }

        public static ErrorCategory ToCategory(FailureKind kind)
        {
            switch (kind)
            {
                case FailureKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case FailureKind.InvalidData: return ErrorCategory.InvalidData;
                case FailureKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case FailureKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case FailureKind.AuthenticationFailed: return ErrorCategory.AuthenticationError;
                case FailureKind.SecurityError: return ErrorCategory.SecurityError;
                case FailureKind.ConnectionError: return ErrorCategory.ConnectionError;
                case FailureKind.Timeout: return ErrorCategory.OperationTimeout;
                case FailureKind.ResourceUnavailable: return ErrorCategory.ResourceUnavailable;
                case FailureKind.PartiallyCompleted: return ErrorCategory.ResourceBusy;
                case FailureKind.NotImplemented: return ErrorCategory.NotImplemented;
                case FailureKind.OperationStopped: return ErrorCategory.OperationStopped;
                default: return ErrorCategory.InvalidResult;
            }
        }

        private static FailureKind FromCategory(ErrorCategory category)
        {
            switch (category)
            {
                case ErrorCategory.InvalidArgument: return FailureKind.InvalidArgument;
                case ErrorCategory.InvalidData: return FailureKind.InvalidData;
                case ErrorCategory.ObjectNotFound: return FailureKind.ObjectNotFound;
                case ErrorCategory.PermissionDenied: return FailureKind.PermissionDenied;
                case ErrorCategory.SecurityError: return FailureKind.SecurityError;
                case ErrorCategory.ConnectionError: return FailureKind.ConnectionError;
                case ErrorCategory.NotImplemented: return FailureKind.NotImplemented;
                default: return FailureKind.InvalidResult;
            }
        }
    }
}
