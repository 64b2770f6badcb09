using System.Security;
using RECertificates.Cluster;
using RECertificates.Sessions;

namespace RECertificates.Tests.Fakes;

/// <summary>
/// A cluster in memory behind <see cref="IClusterClient"/>: it holds certificates, records every call, and fails or
/// loses the answer of a call when a test says so. With <see cref="Session"/> it is what an orchestrator talks to in
/// xUnit, without HTTP. Calls are named as the log names them: "GET certificates", "PUT certificates api, proxy",
/// "PUT update_cert proxy", "DELETE certificates ldap_client", "POST rotate", and so on.
/// </summary>
internal sealed partial class FakeClusterClient : IClusterClient
{
    private readonly Dictionary<string, ClusterCertificateEntry> _held = new(StringComparer.Ordinal);

    public FakeClusterClient(string clusterName = "cluster1.example.com")
    {
        ClusterLabel = clusterName;
        Settings = new ClusterConnectionSettings(new Uri($"https://{clusterName}:9443/"), "ops@example.com", new SecureString(), new ServerCertificateTrust(false, []));
    }

    public ClusterConnectionSettings Settings { get; }

    public string ClusterLabel { get; set; }

    /// <summary>Every call, in order (thread-safe, since fan-out calls come at once).</summary>
    public List<string> Calls { get; } = [];

    /// <summary>The exception a call throws, by its name's start ("PUT certificates", "GET certificates", ...); null: none.</summary>
    public Func<string, Exception?> Fail { get; set; } = _ => null;

    /// <summary>
    /// Awaited before a write is applied, with the call's name: where a test holds a write back (a barrier that
    /// proves several clusters are written to at once, a cluster that answers slowly). Null: none.
    /// </summary>
    public Func<string, CancellationToken, Task>? BeforeWrite { get; set; }

    /// <summary>Writes whose answer is lost after the cluster applied them (the client's "found in the read-back").</summary>
    public Func<string, bool> LoseAnswer { get; set; } = _ => false;

    public IReadOnlyList<NodeInfo> Nodes { get; set; } = [new NodeInfo(1, "127.0.0.1", "active", "8.0.16-1")];

    public IReadOnlyList<DatabaseInfo> Databases { get; set; } = [];

    public RotationSettings? Rotation { get; set; }

    public CertificateAlerts Alerts { get; set; } = new CertificateAlerts(new ExpiryAlert(true, 30), new ExpiryAlert(true, 45));

    public bool? OcspEnabled { get; set; }

    public string? OcspStatus { get; set; }

    public IReadOnlyList<HealthCertificate>? Health { get; set; }

    /// <summary>What the cluster holds now, by name.</summary>
    public IReadOnlyDictionary<string, ClusterCertificateEntry> Held => _held;

    /// <summary>Puts a certificate on the cluster before the test begins.</summary>
    public FakeClusterClient Holding(string name, string certificatePem)
    {
        _held[name] = new ClusterCertificateEntry(name, certificatePem, null);
        return this;
    }

    /// <summary>A connected session over this fake, named and versioned as Connect-RECluster would leave it.</summary>
    public RESession Session(string version = "8.0.16-1") =>
        new RESession(this, 100, 3) { ClusterName = ClusterLabel, ClusterVersion = version };

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;

    public Task<ClusterInfo> GetClusterAsync(ICallLog log, CancellationToken cancellationToken) =>
        Answer("GET cluster", () => new ClusterInfo(ClusterLabel));

    public Task<ClusterCipherSuites> GetCipherSuitesAsync(ICallLog log, CancellationToken cancellationToken) =>
        Answer("GET cluster cipher suites", () => new ClusterCipherSuites(null, null, null));

    public Task<IReadOnlyList<NodeInfo>> GetNodesAsync(ICallLog log, CancellationToken cancellationToken) =>
        Answer("GET nodes", () => Nodes);

    public Task<ClusterPorts> GetClusterPortsAsync(ICallLog log, CancellationToken cancellationToken) =>
        Answer("GET cluster ports", () => new ClusterPorts(9443, 8443));

    public Task<IReadOnlyList<DatabaseInfo>> GetDatabasesAsync(ICallLog log, CancellationToken cancellationToken) =>
        Answer("GET bdbs", () => Databases);

    public Task<IReadOnlyList<ClusterCertificateEntry>> GetCertificatesAsync(bool includePrivateKeys, ICallLog log, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<ClusterCertificateEntry>>("GET certificates", () => _held.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToList());

    public Task<bool> PutCertificatesAsync(IReadOnlyList<ClusterCertificateEntry> certificates, IReadOnlyCollection<ClusterCertificateEntry> held, ICallLog log, CancellationToken cancellationToken) =>
        Write("PUT certificates " + string.Join(", ", certificates.Select(c => c.Name)), () => Store(certificates), cancellationToken);

    public Task<bool> UpdateCertificateLegacyAsync(ClusterCertificateEntry certificate, IReadOnlyCollection<ClusterCertificateEntry> held, ICallLog log, CancellationToken cancellationToken) =>
        Write("PUT update_cert " + certificate.Name, () => Store([certificate]), cancellationToken);

    public Task<bool> DeleteCertificateAsync(string name, IReadOnlyCollection<ClusterCertificateEntry> held, ICallLog log, CancellationToken cancellationToken) =>
        Write("DELETE certificates " + name, () =>
        {
            lock (_held)
            {
                _held.Remove(name);
            }
        }, cancellationToken);

    public Task<RotationSettings?> GetRotationSettingsAsync(ICallLog log, CancellationToken cancellationToken) =>
        Answer("GET rotation", () => Rotation);

    public Task<CertificateAlerts> GetCertificateAlertsAsync(ICallLog log, CancellationToken cancellationToken) =>
        Answer("GET alerts", () => Alerts);

    public Task<bool?> GetOcspEnabledAsync(ICallLog log, CancellationToken cancellationToken) =>
        Answer("GET ocsp", () => OcspEnabled);

    public Task<string?> TestOcspAsync(ICallLog log, CancellationToken cancellationToken) =>
        Answer("POST ocsp test", () => OcspStatus);

    public Task<IReadOnlyList<HealthCertificate>?> GetHealthCertificatesAsync(ICallLog log, CancellationToken cancellationToken) =>
        Answer("GET health", () => Health);

    public Task PutRotationSettingsAsync(RotationSettings change, ICallLog log, CancellationToken cancellationToken) =>
        Write("PUT rotation", () => Rotation = change, cancellationToken);

    public Task PutCertificateAlertsAsync(CertificateAlerts change, ICallLog log, CancellationToken cancellationToken) =>
        Write("PUT alerts", () => Alerts = change, cancellationToken);

    public Task RotateInternalCertificatesAsync(string? name, IReadOnlyList<HealthCertificate>? before, ICallLog log, CancellationToken cancellationToken) =>
        Write("POST rotate" + (name == null ? string.Empty : " " + name), () => { }, cancellationToken);

    private void Store(IReadOnlyList<ClusterCertificateEntry> certificates)
    {
        lock (_held)
        {
            foreach (ClusterCertificateEntry certificate in certificates)
            {
                // What GET returns: the chain and whether a key is held, never the key itself.
                _held[certificate.Name] = new ClusterCertificateEntry(certificate.Name, certificate.CertificatePem, certificate.HasKey, null);
            }
        }
    }

    private Task<T> Answer<T>(string call, Func<T> answer)
    {
        Record(call);
        return Fail(call) is Exception failure ? Task.FromException<T>(failure) : Task.FromResult(answer());
    }

    private async Task<bool> Write(string call, Action apply, CancellationToken cancellationToken)
    {
        Record(call);
        if (BeforeWrite != null)
        {
            await BeforeWrite(call, cancellationToken);
        }

        if (Fail(call) is Exception failure)
        {
            throw failure;
        }

        apply();
        return LoseAnswer(call);
    }

    private void Record(string call)
    {
        lock (Calls)
        {
            Calls.Add(call);
        }
    }
}
