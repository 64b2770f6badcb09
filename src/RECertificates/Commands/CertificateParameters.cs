using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Commands
{
    /// <summary>
    /// What one pipeline record bound to the input parameters of Set-RECertificate, Update-RECertificateLegacy and
    /// Test-RECertificate (see <see cref="CertificateInputCmdlet"/>), as plain values: what <see cref="CertificateCollector"/>
    /// works from, so it needs no cmdlet and xUnit gives it these directly. The cmdlet takes a fresh one per record,
    /// because PowerShell's binder rebinds the pipeline parameters for each.
    /// </summary>
    internal sealed class CertificateParameters
    {
        /// <summary>The five ways to give certificates, one a parameter set.</summary>
        public enum By
        {
            /// <summary>A parameter set not of the five: nothing to add (PowerShell always binds one of them).</summary>
            None,
            Path,
            LiteralPath,
            PemText,
            InputObject,
            X509Certificate,
        }

        /// <summary>Which way this record gives its certificates: the parameter set PowerShell bound.</summary>
        public By GivenBy { get; set; }

        public string[]? Path { get; set; }

        public string[]? LiteralPath { get; set; }

        public string? Name { get; set; }

        public string? KeyPath { get; set; }

        public SecureString? Password { get; set; }

        public X509Certificate2[]? X509Certificate { get; set; }

        public string? Certificate { get; set; }

        public SecureString? Key { get; set; }

        public RECertificate[]? InputObject { get; set; }

        /// <summary>Whether the certificates come from files, by -Path or -LiteralPath.</summary>
        public bool FromFiles => GivenBy == By.Path || GivenBy == By.LiteralPath;

        /// <summary>Whether -Name names every certificate given (files and store objects; PEM text is named by it anyway).</summary>
        public bool NameOverrides => FromFiles || GivenBy == By.X509Certificate;
    }
}
