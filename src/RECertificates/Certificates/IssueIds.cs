namespace RECertificates.Certificates
{
    /// <summary>
    /// The stable ErrorIds of certificate problems. Scripts match on these strings, so an id is never renamed.
    /// </summary>
    internal static class IssueIds
    {
        // Reading files
        public const string FileNotFound = nameof(FileNotFound);
        public const string PathIsDirectory = nameof(PathIsDirectory);
        public const string NotFileSystemPath = nameof(NotFileSystemPath);
        public const string FileAccessDenied = nameof(FileAccessDenied);
        public const string FileReadFailed = nameof(FileReadFailed);
        public const string FileTooLarge = nameof(FileTooLarge);
        public const string EmptyFile = nameof(EmptyFile);

        // Reading PEM
        public const string NotPem = nameof(NotPem);
        public const string InvalidPkcs12 = nameof(InvalidPkcs12);
        public const string AmbiguousPkcs12 = nameof(AmbiguousPkcs12);
        public const string InvalidPemBase64 = nameof(InvalidPemBase64);
        public const string TruncatedPem = nameof(TruncatedPem);
        public const string MismatchedPemLabels = nameof(MismatchedPemLabels);
        public const string CsrNotCertificate = nameof(CsrNotCertificate);
        public const string InvalidCertificate = nameof(InvalidCertificate);

        // Keys
        public const string EncryptedPrivateKey = nameof(EncryptedPrivateKey);
        public const string PasswordRequired = nameof(PasswordRequired);
        public const string WrongPassword = nameof(WrongPassword);
        public const string KeyDerivationTooCostly = nameof(KeyDerivationTooCostly);
        public const string PrivateKeyNotExportable = nameof(PrivateKeyNotExportable);
        public const string InvalidPrivateKey = nameof(InvalidPrivateKey);
        public const string MultiplePrivateKeys = nameof(MultiplePrivateKeys);
        public const string KeyMismatch = nameof(KeyMismatch);
        public const string PrivateKeyMissing = nameof(PrivateKeyMissing);
        public const string PrivateKeyNotAllowed = nameof(PrivateKeyNotAllowed);
        public const string KeyInCertificateText = nameof(KeyInCertificateText);

        // Pairing inputs
        public const string KeyOnlyNoCertificate = nameof(KeyOnlyNoCertificate);
        public const string DuplicateCertificateName = nameof(DuplicateCertificateName);
        public const string InvalidCertificateName = nameof(InvalidCertificateName);
        public const string UnrecognizedFileName = nameof(UnrecognizedFileName);
        public const string IssuersOnly = nameof(IssuersOnly);
        public const string NameRequired = nameof(NameRequired);
        public const string NameRequiresSingleCertificate = nameof(NameRequiresSingleCertificate);
        public const string KeyPathRequiresSingleCertificate = nameof(KeyPathRequiresSingleCertificate);

        // Chain and validity
        public const string ChainOutOfOrder = nameof(ChainOutOfOrder);
        public const string ChainBroken = nameof(ChainBroken);
        public const string ChainRepeatsCertificate = nameof(ChainRepeatsCertificate);
        public const string ChainLoops = nameof(ChainLoops);
        public const string ChainTooLong = nameof(ChainTooLong);
        public const string LeafIsCertificateAuthority = nameof(LeafIsCertificateAuthority);
        public const string CertificateExpired = nameof(CertificateExpired);
        public const string CertificateNotYetValid = nameof(CertificateNotYetValid);

        // The cluster's version
        public const string CertificateNotSupported = nameof(CertificateNotSupported);

        // Right for this cluster: its names, its version's known defects (an error, or a warning), its cipher suites
        public const string CertificateNameMismatch = nameof(CertificateNameMismatch);
        public const string KnownDefect = nameof(KnownDefect);
        public const string CipherSuiteMismatch = nameof(CipherSuiteMismatch);

        // Warnings: the cluster may accept these, but the operator should know.
        public const string CertificateExpiringSoon = nameof(CertificateExpiringSoon);
        public const string ChainIncomplete = nameof(ChainIncomplete);
        public const string MissingExtendedKeyUsage = nameof(MissingExtendedKeyUsage);
        public const string WeakRsaKey = nameof(WeakRsaKey);
        public const string Sha1Signature = nameof(Sha1Signature);
        public const string InternodeKeyNotRsa = nameof(InternodeKeyNotRsa);
        public const string UnknownCertificateName = nameof(UnknownCertificateName);
        public const string KeyMatchNotVerified = nameof(KeyMatchNotVerified);
        public const string DatabaseNamesNotCovered = nameof(DatabaseNamesNotCovered);
    }
}
