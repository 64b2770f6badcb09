namespace RECertificates.Simulator;

/// <summary>The certificate names this cluster knows, after the table in redis-enterprise-certificates.md.</summary>
public static class CertificateCatalog
{
    /// <summary>Made by the cluster at creation, and so required: DELETE answers 403.</summary>
    public static readonly IReadOnlyList<string> ClusterMade =
    [
        "api", "cm", "proxy", "syncer", "metrics_exporter", "ccs_internode_encryption", "data_internode_encryption",
    ];

    private static readonly HashSet<string> Optional = ["ldap_client", "mtls_trusted_ca", "sso_issuer", "sso_service"];

    /// <summary>CA-only or identity-provider certificates: the cluster never holds their private key.</summary>
    private static readonly HashSet<string> KeyLess = ["mtls_trusted_ca", "sso_issuer"];

    /// <summary>The internode certificates must be RSA (the docs say so).</summary>
    private static readonly HashSet<string> RsaOnly = ["ccs_internode_encryption", "data_internode_encryption"];

    /// <summary>Every name, cluster-made first.</summary>
    public static IEnumerable<string> All => ClusterMade.Concat(Optional);

    public static bool IsKnown(string name) => ClusterMade.Contains(name) || Optional.Contains(name);
    public static bool IsRequired(string name) => ClusterMade.Contains(name);
    public static bool NeedsKey(string name) => !KeyLess.Contains(name);
    public static bool NeedsRsa(string name) => RsaOnly.Contains(name);
}
