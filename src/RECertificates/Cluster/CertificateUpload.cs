using System.Security;

namespace RECertificates
{
    /// <summary>One certificate as it is sent to the cluster: name, PEM chain, and the key kept secure.</summary>
    internal sealed class CertificateUpload
    {
        public CertificateUpload(string name, string certificatePem, SecureString? key)
        {
            Name = name;
            CertificatePem = certificatePem;
            Key = key;
        }

        public string Name { get; }

        public string CertificatePem { get; }

        /// <summary>Null for names that take no key (a trusted CA, an identity provider's certificate).</summary>
        public SecureString? Key { get; }
    }
}
