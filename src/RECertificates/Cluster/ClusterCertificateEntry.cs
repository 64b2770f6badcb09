using System.Security;

namespace RECertificates
{
    /// <summary>One certificate as the cluster holds it, read from <c>GET /v1/cluster/certificates</c>.</summary>
    internal sealed class ClusterCertificateEntry
    {
        public ClusterCertificateEntry(string name, string certificatePem, bool hasKey, SecureString? key, bool certificateTextHeldKey = false)
        {
            Name = name;
            CertificatePem = certificatePem;
            CertificateTextHeldKey = certificateTextHeldKey;
            HasKey = hasKey;
            Key = key;
        }

        public string Name { get; }

        /// <summary>The certificate blocks of the cluster's certificate text, and nothing else.</summary>
        public string CertificatePem { get; }

        /// <summary>
        /// The cluster's certificate text held a private key (stored there by mistake, so anyone who may read
        /// certificates can read it); <see cref="CertificatePem"/> has it removed.
        /// </summary>
        public bool CertificateTextHeldKey { get; }

        /// <summary>Whether the cluster returned a key (it may hide keys from roles that may not see them).</summary>
        public bool HasKey { get; }

        /// <summary>The key, only when it was asked for.</summary>
        public SecureString? Key { get; }
    }
}
