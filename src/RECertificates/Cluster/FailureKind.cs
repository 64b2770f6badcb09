namespace RECertificates.Cluster
{
    /// <summary>
    /// What kind of failure the module met: the one vocabulary for the cluster's answers
    /// (<see cref="REApiException.Kind"/>) and for local failures (<see cref="ValidationIssue.Kind"/>, files, sessions,
    /// parameters). It is our own enum so that the cluster and certificate code stays free of PowerShell types;
    /// <c>Commands/ErrorRecords.cs</c> is the one place that turns it into an ErrorCategory (and, for a local failure,
    /// into the .NET exception a script catches). Nothing maps back, so nothing is lost on the way.
    /// </summary>
    internal enum FailureKind
    {
        InvalidArgument,
        InvalidData,

        /// <summary>Not found: locally, a file, or what a file should hold (its certificate, its private key).</summary>
        ObjectNotFound,

        /// <summary>
        /// The cluster's list of certificates lacks the one named: the module saw it, the cluster refused nothing.
        /// Reported as ObjectNotFound.
        /// </summary>
        NotOnCluster,

        /// <summary>The system or the cluster denied access (a file's permissions, a role without the right).</summary>
        PermissionDenied,

        /// <summary>
        /// The module itself refuses, to protect the cluster or the caller (it would lock the caller out, the
        /// certificate is required, no one confirmed): reported as PermissionDenied, but nothing denied access.
        /// </summary>
        Refused,

        AuthenticationFailed,
        SecurityError,
        ConnectionError,
        Timeout,
        ResourceUnavailable,
        ResourceExists,
        ReadError,
        WriteError,
        InvalidResult,
        PartiallyCompleted,
        NotImplemented,
        OperationStopped,
    }
}
