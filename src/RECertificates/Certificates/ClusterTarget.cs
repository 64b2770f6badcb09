using RECertificates.Cluster;

namespace RECertificates.Certificates
{
    /// <summary>
    /// The cluster a set of certificates is validated for: what the checks that depend on the cluster need (its
    /// FQDN and the session's host for the name check, its version for the known defects, its cipher suites from
    /// 8.2). Validating one set for several clusters is one <see cref="CertificateValidator.Validate(CertificateSet, ClusterTarget, System.Action{int, int, CertificateInput})"/>
    /// call per target. Without a target (Test-RECertificate offline) none of these checks runs.
    /// </summary>
    internal sealed class ClusterTarget
    {
        public ClusterTarget(string label, string? fqdn, string? host, string? versionText, bool checkNames, ClusterCipherSuites? cipherSuites = null)
        {
            Label = label;
            Fqdn = fqdn;
            Host = host;
            VersionText = versionText;
            Version = SoftwareVersion.TryParse(versionText);
            CheckNames = checkNames;
            CipherSuites = cipherSuites;
        }

        /// <summary>How messages name the cluster (its name, else its host).</summary>
        public string Label { get; }

        /// <summary>RESession.ClusterName: the FQDN certificates must name; null when unknown.</summary>
        public string? Fqdn { get; }

        /// <summary>The host the session was opened with (a name or an address).</summary>
        public string? Host { get; }

        public string? VersionText { get; }

        /// <summary>Null when unknown: then no version rule applies.</summary>
        public SoftwareVersion? Version { get; }

        /// <summary>False with -SkipNameCheck.</summary>
        public bool CheckNames { get; }

        /// <summary>The cluster's cipher-suite settings, read from 8.2 on; null when not read.</summary>
        public ClusterCipherSuites? CipherSuites { get; }
    }
}
