using RECertificates.Cluster;

namespace RECertificates.Certificates.Sources
{
    /// <summary>The two ways a password fails, worded once for PKCS#12 files and encrypted keys alike. No message holds the password.</summary>
    internal static class PasswordIssues
    {
        /// <param name="what">"a PKCS#12 file protected by a password", "an encrypted private key".</param>
        public static CertificateInputException Required(string source, string what) => new CertificateInputException(
            IssueIds.PasswordRequired,
            $"{source} holds {what}; give its password with -Password (a SecureString, for example from Read-Host -AsSecureString).",
            source,
            FailureKind.InvalidArgument);

        public static CertificateInputException Wrong(string source, string what) => new CertificateInputException(
            IssueIds.WrongPassword,
            $"{source} holds {what}, and the password given with -Password does not open it (or the file is damaged). Check the password.",
            source,
            FailureKind.InvalidArgument);
    }
}
