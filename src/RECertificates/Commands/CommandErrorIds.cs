namespace RECertificates.Commands
{
    /// <summary>
    /// The stable ErrorIds the cmdlets write themselves, beside IssueIds (certificate problems), RenewalIds (the renewal
    /// cmdlets) and StatusMapping (the cluster's answers). Scripts match on these strings, so an id is never renamed.
    /// </summary>
    internal static class CommandErrorIds
    {
        // Sessions and connecting
        public const string NoSession = nameof(NoSession);
        public const string InvalidUri = nameof(InvalidUri);
        public const string InvalidThumbprint = nameof(InvalidThumbprint);
        public const string CredentialMissing = nameof(CredentialMissing);
        public const string CredentialInProxyAddress = nameof(CredentialInProxyAddress);
        public const string ClientCertificateWithoutKey = nameof(ClientCertificateWithoutKey);
        public const string ParameterConflict = nameof(ParameterConflict);

        // Changing certificates
        public const string NothingSent = nameof(NothingSent);
        public const string ClusterVersionTooOld = nameof(ClusterVersionTooOld);
        public const string WouldLockOut = nameof(WouldLockOut);
        public const string RequiredCertificate = nameof(RequiredCertificate);
        public const string ConfirmationRequired = nameof(ConfirmationRequired);
        public const string CertificateNotFound = nameof(CertificateNotFound);

    }
}
