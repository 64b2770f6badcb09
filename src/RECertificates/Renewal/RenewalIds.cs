namespace RECertificates.Renewal
{
    /// <summary>
    /// The stable ErrorIds of the renewal cmdlets (requests, export, backup, report). Scripts match on these
    /// strings, so an id is never renamed.
    /// </summary>
    internal static class RenewalIds
    {
        public const string FileExists = nameof(FileExists);
        public const string FileWriteFailed = nameof(FileWriteFailed);
        public const string FileWriteDenied = nameof(FileWriteDenied);
        public const string InvalidDnsName = nameof(InvalidDnsName);
        public const string ClusterNameUnknown = nameof(ClusterNameUnknown);
        public const string KeyAlgorithmNotAllowed = nameof(KeyAlgorithmNotAllowed);
        public const string KeySizeNotAllowed = nameof(KeySizeNotAllowed);
        public const string RequestNotNeeded = nameof(RequestNotNeeded);
        public const string KeyNotExported = nameof(KeyNotExported);
        public const string BackupFailed = nameof(BackupFailed);

        // Invoke-RECertificateRenewal
        public const string IssuerFailed = nameof(IssuerFailed);
        public const string IssuerAnswerUnusable = nameof(IssuerAnswerUnusable);
        public const string RenewalFailed = nameof(RenewalFailed);
    }
}
