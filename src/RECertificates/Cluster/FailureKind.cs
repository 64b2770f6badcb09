namespace RECertificates
{
    /// <summary>
    /// What kind of failure a cluster call met. The cmdlets turn it into PowerShell's ErrorCategory; it is our
    /// own enum so that the cluster code stays free of PowerShell types and xUnit can run it without a runspace.
    /// </summary>
    internal enum FailureKind
    {
        InvalidArgument,
        InvalidData,
        ObjectNotFound,
        PermissionDenied,
        AuthenticationFailed,
        SecurityError,
        ConnectionError,
        Timeout,
        ResourceUnavailable,
        InvalidResult,
        PartiallyCompleted,
        NotImplemented,
        OperationStopped,
    }
}
