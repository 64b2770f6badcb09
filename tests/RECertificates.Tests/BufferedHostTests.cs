using System.Text;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Commands;
using RECertificates.Hosting;
using RECertificates.Sessions;
using RECertificates.Tests.Fakes;

namespace RECertificates.Tests;

/// <summary>
/// What a cluster's buffer keeps of its calls' logs (Set-RECertificate -Session $a, $b sends to both at once, each
/// into a <see cref="BufferedHost"/> replayed on the pipeline thread): the debug lines -Debug asks for, the request
/// bodies among them, come out in that cluster's block, in order with its verbose lines, redacted as a single
/// cluster's are; without -Debug the calls are not even asked for them.
/// </summary>
public class BufferedHostTests
{
    private static readonly TestCertificates.Issued Ldap = TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = "ldap.example.com", DnsNames = ["ldap.example.com"] });

    [Fact]
    public void Replays_a_calls_verbose_and_debug_lines_in_the_order_written()
    {
        var buffer = new BufferedHost(CancellationToken.None, isDebugEnabled: true);
        buffer.Run((log, _) =>
        {
            Assert.True(log.IsDebugEnabled);
            log.Verbose("one");
            log.Debug("two");
            log.Verbose("three");
            return Task.FromResult(true);
        });
        var host = new RecordingHost { IsDebugEnabled = true };

        buffer.ReplayTo(host);

        Assert.Equal(["VERBOSE one", "DEBUG two", "VERBOSE three"], host.Transcript);
    }

    [Fact]
    public void Debug_lines_of_concurrent_sends_come_out_in_each_clusters_block_redacted()
    {
        List<DebuggingCluster> clusters = Clusters(3);
        // The first cluster answers last: its lines must still come first.
        clusters[0].Inner.BeforeWrite = (call, token) => Task.Delay(300, token);
        var host = new RecordingHost { IsDebugEnabled = true };

        Update(host).OnEach(clusters.Select(c => c.Session()).ToList(), LdapSet(), throttle: 3);

        Assert.Empty(host.Errors);
        // Each cluster's lines read: "Sending ...", its PUT body, then what it confirmed.
        List<string> lines = host.Transcript
            .Where(line => line.StartsWith("VERBOSE Sending", StringComparison.Ordinal) || line.StartsWith("VERBOSE Cluster '", StringComparison.Ordinal)
                || line.StartsWith("DEBUG PUT ", StringComparison.Ordinal))
            .ToList();
        List<string> expected = [];
        foreach (DebuggingCluster cluster in clusters)
        {
            expected.AddRange([$"VERBOSE Sending {cluster.Label}", $"DEBUG PUT {cluster.Label}", $"VERBOSE Cluster '{cluster.Label}"]);
        }

        Assert.Equal(expected, lines.Select(line => Shape(line, clusters)));
        Assert.All(clusters, c => Assert.Contains("PRIVATE KEY", c.SentBody, StringComparison.Ordinal));
        Assert.Equal(3, host.Debugs.Count(line => line.Contains($"\"key\":\"{JsonRedactor.Placeholder}\"", StringComparison.Ordinal)));
        string keyBody = Ldap.Pkcs8Pem.Split('\n')[1].Trim();
        Assert.All(host.Transcript, line =>
        {
            Assert.DoesNotContain("PRIVATE KEY", line, StringComparison.Ordinal);
            Assert.DoesNotContain(keyBody, line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Without_debug_the_sends_write_no_debug_line()
    {
        List<DebuggingCluster> clusters = Clusters(2);
        var host = new RecordingHost();

        Update(host).OnEach(clusters.Select(c => c.Session()).ToList(), LdapSet(), throttle: 2);

        Assert.Empty(host.Errors);
        Assert.All(clusters, c => Assert.True(c.Inner.Held.ContainsKey("ldap_client")));
        Assert.Empty(host.Debugs);
    }

    /// <summary>A line reduced to its kind and the cluster it names ("VERBOSE Sending c2.example.com").</summary>
    private static string Shape(string line, List<DebuggingCluster> clusters)
    {
        string label = clusters.Single(c => line.Contains(c.Label, StringComparison.Ordinal)).Label;
        return line.StartsWith("VERBOSE Sending", StringComparison.Ordinal) ? $"VERBOSE Sending {label}"
            : line.StartsWith("DEBUG", StringComparison.Ordinal) ? $"DEBUG PUT {label}"
            : $"VERBOSE Cluster '{label}";
    }

    private static List<DebuggingCluster> Clusters(int count) =>
        Enumerable.Range(1, count).Select(i => new DebuggingCluster(new FakeClusterClient($"c{i}.example.com"))).ToList();

    private static ClusterUpdate Update(RecordingHost host) =>
        new(host, UpdateEndpoint.AllInOne, new ReplacementOptions(force: false, passThru: false, backupPath: null),
            (set, session) => new CertificateValidator().Validate(set, new ClusterTarget(session.Label, session.ClusterName, session.Uri.Host, session.ClusterVersion, checkNames: true)));

    private static CertificateSet LdapSet()
    {
        var builder = new CertificateSetBuilder();
        builder.AddPem("ldap_client", Ldap.CertificatePem, Ldap.KeySecure);
        return builder.Build();
    }

    /// <summary>
    /// A cluster in memory whose PUT of certificates logs its body the way the real transport does: the real body
    /// (key and all) through <see cref="JsonRedactor"/>, and only when the log shows debug lines. The redaction itself is
    /// the real transport's to prove (ClusterClientTests, and the -Debug fleet test of Fleet.Tests.ps1); here it shows
    /// that the buffer keeps and replays what it was given, and nothing more.
    /// </summary>
    private sealed class DebuggingCluster(FakeClusterClient inner) : IClusterClient
    {
        public FakeClusterClient Inner => inner;

        public string Label => inner.ClusterLabel;

        /// <summary>The body as it would go on the wire, unredacted: proof the redaction had a key to hide.</summary>
        public string SentBody { get; private set; } = string.Empty;

        public ClusterConnectionSettings Settings => inner.Settings;

        public string ClusterLabel { get => inner.ClusterLabel; set => inner.ClusterLabel = value; }

        public RESession Session() => new(this, 100, 3) { ClusterName = inner.ClusterLabel, ClusterVersion = "8.0.16-1" };

        public Task<bool> PutCertificatesAsync(IReadOnlyList<ClusterCertificateEntry> certificates, IReadOnlyCollection<ClusterCertificateEntry> held, ICallLog log, CancellationToken cancellationToken)
        {
            using (ClearingBufferWriter body = ClusterClient.WriteCertificatesBody(certificates))
            {
                SentBody = Encoding.UTF8.GetString(body.WrittenSegment);
                if (log.IsDebugEnabled)
                {
                    log.Debug($"PUT {new Uri(Settings.BaseUri, "v1/cluster/certificates")} body: {JsonRedactor.Redact(body.WrittenSegment)}");
                }
            }

            return inner.PutCertificatesAsync(certificates, held, log, cancellationToken);
        }

        public Task<ClusterInfo> GetClusterAsync(ICallLog log, CancellationToken cancellationToken) => inner.GetClusterAsync(log, cancellationToken);

        public Task<ClusterCipherSuites> GetCipherSuitesAsync(ICallLog log, CancellationToken cancellationToken) => inner.GetCipherSuitesAsync(log, cancellationToken);

        public Task<IReadOnlyList<NodeInfo>> GetNodesAsync(ICallLog log, CancellationToken cancellationToken) => inner.GetNodesAsync(log, cancellationToken);

        public Task<ClusterPorts> GetClusterPortsAsync(ICallLog log, CancellationToken cancellationToken) => inner.GetClusterPortsAsync(log, cancellationToken);

        public Task<IReadOnlyList<DatabaseInfo>> GetDatabasesAsync(ICallLog log, CancellationToken cancellationToken) => inner.GetDatabasesAsync(log, cancellationToken);

        public Task<IReadOnlyList<ClusterCertificateEntry>> GetCertificatesAsync(bool includePrivateKeys, ICallLog log, CancellationToken cancellationToken) =>
            inner.GetCertificatesAsync(includePrivateKeys, log, cancellationToken);

        public Task<bool> UpdateCertificateLegacyAsync(ClusterCertificateEntry certificate, IReadOnlyCollection<ClusterCertificateEntry> held, ICallLog log, CancellationToken cancellationToken) =>
            inner.UpdateCertificateLegacyAsync(certificate, held, log, cancellationToken);

        public Task<bool> DeleteCertificateAsync(string name, IReadOnlyCollection<ClusterCertificateEntry> held, ICallLog log, CancellationToken cancellationToken) =>
            inner.DeleteCertificateAsync(name, held, log, cancellationToken);

        public Task<RotationSettings?> GetRotationSettingsAsync(ICallLog log, CancellationToken cancellationToken) => inner.GetRotationSettingsAsync(log, cancellationToken);

        public Task<CertificateAlerts> GetCertificateAlertsAsync(ICallLog log, CancellationToken cancellationToken) => inner.GetCertificateAlertsAsync(log, cancellationToken);

        public Task<bool?> GetOcspEnabledAsync(ICallLog log, CancellationToken cancellationToken) => inner.GetOcspEnabledAsync(log, cancellationToken);

        public Task<string?> TestOcspAsync(ICallLog log, CancellationToken cancellationToken) => inner.TestOcspAsync(log, cancellationToken);

        public Task<IReadOnlyList<HealthCertificate>?> GetHealthCertificatesAsync(ICallLog log, CancellationToken cancellationToken) => inner.GetHealthCertificatesAsync(log, cancellationToken);

        public Task PutRotationSettingsAsync(RotationSettings change, ICallLog log, CancellationToken cancellationToken) => inner.PutRotationSettingsAsync(change, log, cancellationToken);

        public Task PutCertificateAlertsAsync(CertificateAlerts change, ICallLog log, CancellationToken cancellationToken) => inner.PutCertificateAlertsAsync(change, log, cancellationToken);

        public Task RotateInternalCertificatesAsync(string? name, IReadOnlyList<HealthCertificate>? before, ICallLog log, CancellationToken cancellationToken) =>
            inner.RotateInternalCertificatesAsync(name, before, log, cancellationToken);

        public void Dispose() => inner.Dispose();
    }
}
