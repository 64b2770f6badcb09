using System.Security;

namespace RECertificates.Cluster
{
    /// <summary>
    /// One certificate as the cluster's API carries it, both ways: read from <c>GET /v1/cluster/certificates</c>, or
    /// about to be written by <c>PUT /v1/cluster/certificates</c> or <c>PUT /v1/cluster/update_cert</c>.
    /// </summary>
    internal sealed class ClusterCertificateEntry
    {
        /// <summary>One to send: its name, its chain, and its key (null for names that take none).</summary>
        public ClusterCertificateEntry(string name, string certificatePem, SecureString? key)
            : this(name, certificatePem, key != null, key)
        {
        }

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

        /// <summary>The key: when read, only when it was asked for; when sent, null for names that take none.</summary>
        public SecureString? Key { get; }
    }
}
