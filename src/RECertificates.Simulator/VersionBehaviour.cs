namespace RECertificates.Simulator;

/// <summary>
/// How the simulated cluster behaves as the version given by --version: which names it knows, whether it has
/// PUT /v1/cluster/certificates, and its known defects. The simulator's own copy of the facts, from the redis/docs
/// release notes and certificate pages (it shares no code with the module, so that it stays an independent opponent):
/// mtls_trusted_ca from 7.8.4 (rs-7-8-4-18), the internode names and PUT /v1/cluster/certificates from 7.22.2
/// (rs-7-22-2-14), sso_issuer/sso_service from 8.0.6 (rs-8-0-6-54), and the certificate defects of the release
/// notes: RS61676 (every 7.4.2 note), RS125930 (rs-7-4-2-216), RS154601 / RS122668 (rs-7-8-6-36, rs-7-22-0-95),
/// RS162972 (rs-7-22-2-14, rs-8-0-2-17), RS176474 (rs-7-22-2-79, rs-8-0-10-64), RS193156 (rs-8-0-18-23), RS194253 and
/// RS199373 (rs-8-0-20-68), RS208996 (rs-8-0-20-96). The 8.2 notes (rs-8-2-0-25, rs-8-2-0-46) do not say 8.2.0 carries
/// the fixes of RS194253, RS199373 and RS208996, so this opponent keeps them there; they also bring the upload check
/// against the configured cipher suites.
/// </summary>
public sealed class VersionBehaviour
{
    private static readonly (int, int, int, int) FirstBulkUpdate = (7, 22, 2, 0);

    private static readonly Dictionary<string, (int, int, int, int)> NamesSince = new(StringComparer.Ordinal)
    {
        ["mtls_trusted_ca"] = (7, 8, 4, 0),
        ["ccs_internode_encryption"] = FirstBulkUpdate,
        ["data_internode_encryption"] = FirstBulkUpdate,
        ["sso_issuer"] = (8, 0, 6, 0),
        ["sso_service"] = (8, 0, 6, 0),
    };

    private readonly (int, int, int, int) _version;

    public VersionBehaviour(string version)
    {
        _version = Parse(version) ?? throw new ArgumentException($"'{version}' is not like 7.22.2-54.", nameof(version));
    }

    /// <summary>"7.22.2-54" → (7, 22, 2, 54); a missing patch or build is 0; null when not a version.</summary>
    public static (int, int, int, int)? Parse(string text)
    {
        var dash = text.Split('-');
        if (dash.Length > 2) return null;
        var parts = dash[0].Split('.');
        if (parts.Length is < 2 or > 3) return null;
        var numbers = new List<int>();
        foreach (var part in parts.Append(dash.Length == 2 ? dash[1] : "0"))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, null, out var n)) return null;
            numbers.Add(n);
        }
        if (numbers.Count == 3) numbers.Insert(2, 0);
        return (numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    /// <summary>Whether this version knows the certificate name (the catalog's names, from their first version on).</summary>
    public bool Knows(string name) =>
        CertificateCatalog.IsKnown(name) && (!NamesSince.TryGetValue(name, out var since) || _version.CompareTo(since) >= 0);

    /// <summary>PUT /v1/cluster/certificates exists (7.22.2 and later); before, only update_cert.</summary>
    public bool HasBulkUpdate => _version.CompareTo(FirstBulkUpdate) >= 0;

    /// <summary>RS199373: ccs_internode_encryption with other certificates in one request corrupts cert/key pairs.</summary>
    public bool CorruptsMixedInternodeUpdate => In((7, 22, 2, 0), (8, 0, 20, 68)) || In82;

    /// <summary>GET /v4/cluster/health, with the internal certificates' expiry, from 8.0.16 (monitoring/health-report.md).</summary>
    public bool HasHealthReport => _version.CompareTo((8, 0, 16, 0)) >= 0;

    /// <summary>RS200137 (fixed 8.2.0-46, rs-8-2-0-46): internal certificate rotation skips nodes that are down, never retried.</summary>
    public bool SkipsDownNodesOnRotation => In((7, 4, 0, 0), (8, 2, 0, 46));

    /// <summary>RS208996: a custom internode certificate makes the REST API unreachable for minutes.</summary>
    public bool LosesApiAfterInternodeChange => In((7, 22, 2, 0), (8, 0, 20, 96)) || In82;

    /// <summary>RS61676: on 7.4, a full chain with a certificate that has no CN is refused.</summary>
    public bool RefusesChainWithoutCn => In((7, 4, 0, 0), (7, 5, 0, 0));

    /// <summary>RS125930: a chain with an extension the cluster does not know is refused (fixed 7.4.2-216).</summary>
    public bool RefusesUnknownExtensions => In((7, 0, 0, 0), (7, 4, 2, 216));

    /// <summary>RS154601 / RS122668: new proxy workers keep serving the old certificate.</summary>
    public bool ProxyKeepsOldCertificate => In((7, 0, 0, 0), (7, 8, 6, 36)) || In((7, 22, 0, 0), (7, 22, 0, 95));

    /// <summary>RS162972: with certificate login on, only the primary node answers the REST API.</summary>
    public bool CertificateLoginOnlyOnPrimary => In((7, 8, 4, 0), (7, 22, 2, 14)) || In((8, 0, 0, 0), (8, 0, 2, 17));

    /// <summary>RS176474: an internode certificate without clientAuth is ACCEPTED, and the cluster then goes down.</summary>
    public bool BreaksOnInternodeWithoutClientAuth => In((7, 22, 2, 0), (7, 22, 2, 79)) || In((8, 0, 0, 0), (8, 0, 10, 64));

    /// <summary>After the RS176474 fix the cluster refuses such a certificate at upload.</summary>
    public bool RefusesInternodeWithoutClientAuth => HasBulkUpdate && !BreaksOnInternodeWithoutClientAuth;

    /// <summary>RS193156: AD LDAP login to the UI fails until ldap_client is sent again.</summary>
    public bool LosesLdapLoginAfterLdapClient => In((8, 0, 16, 33), (8, 0, 18, 23));

    /// <summary>RS194253: an internode chain of three or more: intermediates not trusted, internode TLS fails (accepted, then broken).</summary>
    public bool BreaksOnLongInternodeChain => In((7, 22, 2, 0), (8, 0, 20, 68)) || In82;

    /// <summary>8.2.0: api, cm, metrics_exporter and proxy are checked at upload against the configured cipher suites (rs-8-2-0-25).</summary>
    public bool ChecksCipherSuites => _version.CompareTo((8, 2, 0, 0)) >= 0;

    // The 8.2 line, whose notes record none of the fixes above.
    private bool In82 => In((8, 2, 0, 0), (8, 3, 0, 0));

    private bool In((int, int, int, int) from, (int, int, int, int) until) => _version.CompareTo(from) >= 0 && _version.CompareTo(until) < 0;
}
