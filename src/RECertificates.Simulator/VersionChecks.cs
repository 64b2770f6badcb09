using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Simulator;

/// <summary>
/// What the simulated version does with a certificate beyond the common checks: the refusals of its known defects
/// and of 8.2's cipher-suite check (a 400 before anything changes), and the defects that accept a certificate and
/// then break the cluster (RS176474, RS194253: the health says so afterwards). The simulator's own reading of the
/// release notes; it shares nothing with the module.
/// </summary>
public sealed class VersionChecks(SimulatorOptions options, ClusterHealth health)
{
    private static readonly HashSet<string> ParsedExtensions =
    [
        "2.5.29.14", "2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.31", "2.5.29.32", "2.5.29.35", "2.5.29.37",
        "1.3.6.1.5.5.7.1.1",
    ];

    private readonly VersionBehaviour _version = options.Behaviour;

    /// <summary>The refusal of the first certificate this version will not take; null when it takes them all.</summary>
    public ApiError? Refuse(IReadOnlyList<CertificateUpload> uploads)
    {
        foreach (var upload in uploads)
        {
            var chain = Pem.ReadCertificates(upload.Certificate);
            try
            {
                if (RefuseOne(upload, chain) is { } error) return error;
            }
            finally
            {
                chain.ForEach(c => c.Dispose());
            }
        }
        return null;
    }

    /// <summary>After the change was applied: the defects that take a cluster down on an accepted certificate.</summary>
    public void AfterApplied(IReadOnlyList<CertificateUpload> uploads)
    {
        foreach (var upload in uploads.Where(u => IsInternode(u.Name)))
        {
            var chain = Pem.ReadCertificates(upload.Certificate);
            try
            {
                if (_version.BreaksOnInternodeWithoutClientAuth && LacksClientAuth(chain[0]))
                    health.Break($"RS176474: {upload.Name} has no clientAuth; internode connections fail.");
                if (_version.BreaksOnLongInternodeChain && chain.Count >= 3)
                    health.Break($"RS194253: the intermediates of {upload.Name} are not trusted; internode TLS fails.");
            }
            finally
            {
                chain.ForEach(c => c.Dispose());
            }
        }
    }

    private ApiError? RefuseOne(CertificateUpload upload, List<X509Certificate2> chain)
    {
        if (_version.RefusesChainWithoutCn && chain.Count > 1 && upload.Name != "mtls_trusted_ca"
            && chain.FirstOrDefault(c => !c.SubjectName.Name.Split(',').Any(p => p.Trim().StartsWith("CN=", StringComparison.OrdinalIgnoreCase) && p.Trim().Length > 3)) is { } noCn)
            return new ApiError(400, "invalid_certificate", $"Certificate '{upload.Name}': failed to update the full chain ('{noCn.Subject}' has no CN).");
        if (_version.RefusesUnknownExtensions
            && chain.SelectMany(c => c.Extensions.Cast<X509Extension>()).FirstOrDefault(e => !ParsedExtensions.Contains(e.Oid?.Value ?? "")) is { } unknown)
            return new ApiError(400, "invalid_certificate", $"Certificate '{upload.Name}': unsupported extension {unknown.Oid?.Value}.");
        if (_version.RefusesInternodeWithoutClientAuth && IsInternode(upload.Name) && LacksClientAuth(chain[0]))
            return new ApiError(400, "invalid_certificate", $"Certificate '{upload.Name}' must have the clientAuth extended key usage.");
        if (_version.ChecksCipherSuites && CipherError(upload, chain[0]) is { } cipher)
            return cipher;
        return null;
    }

    private ApiError? CipherError(CertificateUpload upload, X509Certificate2 leaf)
    {
        var control = upload.Name is "api" or "cm" or "metrics_exporter";
        if (!control && upload.Name != "proxy") return null;
        var isEc = leaf.GetECDsaPublicKey() is not null;
        var suites = control ? Suites(options.ControlCipherSuites) : Suites(options.DataCipherList).Concat(Suites(options.DataCipherSuitesTls13)).ToList();
        // An empty setting is the cluster's default, which serves either key; so does any TLS 1.3 suite.
        if (suites.Count == 0 || suites.Any(s => s.StartsWith("TLS_AES_") || s.StartsWith("TLS_CHACHA20_") || (!s.Contains('-') && !s.Contains('_')))) return null;
        var hasEcdsa = suites.Any(s => s.Contains("ECDSA"));
        var hasRsa = suites.Any(s => !s.Contains("ECDSA"));
        if (isEc ? hasEcdsa : hasRsa) return null;
        var setting = control ? "control_cipher_suites" : "data_cipher_list";
        return new ApiError(400, "cipher_suite_mismatch", $"Certificate '{upload.Name}' has an {(isEc ? "ECDSA" : "RSA")} key, which the suites of {setting} do not support.");
    }

    private static List<string> Suites(string? setting) =>
        (setting ?? "").Split([':', ',', ' '], StringSplitOptions.RemoveEmptyEntries).Where(s => !s.StartsWith('!') && !s.StartsWith('-')).Select(s => s.ToUpperInvariant()).ToList();

    private static bool IsInternode(string name) => name.EndsWith("_internode_encryption", StringComparison.Ordinal);

    private static bool LacksClientAuth(X509Certificate2 leaf) =>
        leaf.Extensions["2.5.29.37"] is X509EnhancedKeyUsageExtension usage && !usage.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == "1.3.6.1.5.5.7.3.2");
}

/// <summary>Whether a defect took the simulated cluster down: GET /v1/nodes then reports its nodes as down.</summary>
public sealed class ClusterHealth
{
    private volatile string? _broken;

    /// <summary>Why the cluster is down; null while it is healthy.</summary>
    public string? BrokenBecause => _broken;

    public void Break(string reason) => _broken ??= reason;
}
