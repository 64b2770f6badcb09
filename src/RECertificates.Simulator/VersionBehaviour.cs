namespace RECertificates.Simulator;

/// <summary>
/// How the simulated cluster behaves as the version given by --version: which names it knows, whether it has
/// PUT /v1/cluster/certificates, and its known defects. The simulator's own copy of the facts, from the redis/docs
/// release notes and certificate pages (it shares no code with the module, so that it stays an independent opponent):
/// mtls_trusted_ca from 7.8.4 (rs-7-8-4-18), the internode names and PUT /v1/cluster/certificates from 7.22.2
/// (rs-7-22-2-14), sso_issuer/sso_service from 8.0.6 (rs-8-0-6-54), RS199373 fixed in 8.0.20-68, RS208996 in 8.0.20-96.
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
    public bool CorruptsMixedInternodeUpdate => HasBulkUpdate && _version.CompareTo((8, 0, 20, 68)) < 0;

    /// <summary>GET /v4/cluster/health, with the internal certificates' expiry, from 8.0.16 (monitoring/health-report.md).</summary>
    public bool HasHealthReport => _version.CompareTo((8, 0, 16, 0)) >= 0;

    /// <summary>RS200137 (fixed 8.2.0-46, rs-8-2-0-46): internal certificate rotation skips nodes that are down, never retried.</summary>
    public bool SkipsDownNodesOnRotation => _version.CompareTo((8, 2, 0, 46)) < 0;

    /// <summary>RS208996: a custom internode certificate makes the REST API unreachable for minutes.</summary>
    public bool LosesApiAfterInternodeChange => HasBulkUpdate && _version.CompareTo((8, 0, 20, 96)) < 0;
}
