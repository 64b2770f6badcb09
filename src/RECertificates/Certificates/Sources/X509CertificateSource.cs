using System.Linq;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Cluster;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// A certificate given as an object (-X509Certificate: from the certificate store, Get-PfxCertificate, or .NET):
    /// its chain completed from the machine's stores and its key exported in memory, as PEM like any file.
    /// </summary>
    internal static class X509CertificateSource
    {
        /// <summary>How messages name it: by thumbprint and subject, as certlm.msc shows it.</summary>
        public static string Describe(X509Certificate2 certificate) => $"certificate {certificate.Thumbprint} ('{certificate.Subject}')";

        /// <summary>The FriendlyName when it is a certificate name the module knows ("proxy"), else null.</summary>
        public static string? NameOf(X509Certificate2 certificate)
        {
            string friendlyName = certificate.FriendlyName ?? string.Empty;
            return CertificateNames.IsKnown(friendlyName) ? CertificateNames.Normalize(friendlyName) : null;
        }

        /// <param name="withKey">False for names that take no key (a CA certificate): its key, if any, is not even read.</param>
        /// <exception cref="CertificateInputException">No key where one is needed, or a key that cannot be exported.</exception>
        public static SourceContent Read(X509Certificate2 certificate, bool withKey)
        {
            string description = Describe(certificate);
            if (withKey && !certificate.HasPrivateKey)
            {
                throw new CertificateInputException(
                    IssueIds.PrivateKeyMissing,
                    $"{description} comes without its private key (the store holds none for it, or the object was made from the certificate alone). Give the certificate store entry that has the key, or the PFX file with -Path and -Password.",
                    certificate.Thumbprint,
                    FailureKind.ObjectNotFound);
            }

            string pem = PemText.Certificate(certificate.RawData)
                + string.Concat(StoreChain.IssuersOf(certificate).Select(PemText.Certificate));
            return new SourceContent(pem, withKey ? StoreKeyExport.Export(certificate, description) : null, description);
        }
    }
}
