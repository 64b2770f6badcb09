using System.Security;

namespace RECertificates
{
    /// <summary>One certificate as the cluster holds it, read from <c>GET /v1/cluster/certificates</c>.</summary>
    internal sealed class ClusterCertificateEntry
    {
        public ClusterCertificateEntry(string name, string certificatePem, bool hasKey, SecureString? key)
        {
            Name = name;
            CertificatePem = certificatePem;
            HasKey = hasKey;
            Key = key;
        }

        public string Name { get; }

        public string CertificatePem { get; }

        /// <summary>Whether the cluster returned a key (it may hide keys from roles that may not see them).</summary>
        public bool HasKey { get; }

        /// <summary>The key, only when it was asked for.</summary>
        public SecureString? Key { get; }
    }
}
