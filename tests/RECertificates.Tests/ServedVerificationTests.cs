using RECertificates.Cluster;
using RECertificates.Serving;
using RECertificates.Tests.Fakes;

namespace RECertificates.Tests;

/// <summary>
/// -Verify after a change, driven through the host seam with a cluster in memory and a fake of what each node
/// serves: every node with the new leaf is a success; a node still behind when the time is up is a NotServed error
/// naming it; a node that is down, or whose handshake does not end within the probe's limit, is a warning and not
/// a failure; a node that catches up within the time is waited for; a cluster whose endpoints cannot be listed is
/// a warning.
/// </summary>
public class ServedVerificationTests
{
    private const int ApiPort = 9443;

    private static readonly TestCertificates.Issued Old = TestCertificates.Ec(options: new TestCertificates.Options { CommonName = "old.example.com" });
    private static readonly TestCertificates.Issued New = TestCertificates.Ec(options: new TestCertificates.Options { CommonName = "new.example.com" });

    [Fact]
    public void Every_node_serving_the_new_certificate_is_a_success()
    {
        var cluster = new FakeClusterClient().WithNodes(3);
        FakeEndpointProbe probe = AllServe(3, New);
        var host = new RecordingHost();

        Assert.True(Verify(host, cluster, probe, TimeSpan.FromSeconds(30)));

        Assert.Empty(host.Errors);
        Assert.Empty(host.Warnings);
        Assert.Equal([1, 2, 3], probe.Reads.Select(r => int.Parse(r.Address.Split('.')[3])).Order());
        Assert.Contains(host.Verboses, v => v.StartsWith("-Verify: every reachable node of cluster 'cluster1.example.com' serves the new 'api' (3 endpoint(s))", StringComparison.Ordinal));
    }

    [Fact]
    public void A_node_still_serving_the_old_certificate_is_a_NotServed_error_naming_it()
    {
        var cluster = new FakeClusterClient().WithNodes(3);
        FakeEndpointProbe probe = AllServe(3, New).Serving(FakeClusterClient.NodeAddress(2), ApiPort, Old.Certificate);
        var host = new RecordingHost();

        Assert.False(Verify(host, cluster, probe, TimeSpan.Zero));

        System.Management.Automation.ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal(ServingIds.NotServed, error.FullyQualifiedErrorId);
        Assert.StartsWith($"Node 2 (127.0.0.2:{ApiPort}) of cluster 'cluster1.example.com' still serves thumbprint {Old.Certificate.Thumbprint}", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains($"not the new certificate {New.Certificate.Thumbprint}", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal("api", error.TargetObject);
    }

    [Fact]
    public void A_node_that_is_down_is_a_warning_and_the_change_still_counts_as_served()
    {
        var cluster = new FakeClusterClient().WithNodes(3);
        FakeEndpointProbe probe = AllServe(3, New).Down(FakeClusterClient.NodeAddress(3), ApiPort);
        var host = new RecordingHost();

        Assert.True(Verify(host, cluster, probe, TimeSpan.Zero));

        Assert.Empty(host.Errors);
        string warning = Assert.Single(host.Warnings);
        Assert.StartsWith($"-Verify could not read the 'api' certificate that node 3 (127.0.0.3:{ApiPort}) of cluster 'cluster1.example.com' serves: connection refused", warning, StringComparison.Ordinal);
        Assert.Contains($"({New.Certificate.Thumbprint}) is unknown", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_probe_gets_the_sessions_limit_at_most_ten_seconds_and_a_handshake_over_it_is_a_warning()
    {
        var cluster = new FakeClusterClient().WithNodes(2);
        FakeEndpointProbe probe = AllServe(2, New).TimingOut(FakeClusterClient.NodeAddress(2), ApiPort);
        var host = new RecordingHost();

        Assert.True(Verify(host, cluster, probe, TimeSpan.Zero));

        // The session allows 100 s a read; a probe is cut at 10 s, so one dead node cannot hold a round up longer.
        Assert.All(probe.Reads, r => Assert.Equal(TimeSpan.FromSeconds(10), r.Timeout));
        Assert.Empty(host.Errors);
        Assert.Contains("no TLS handshake within 10 s", Assert.Single(host.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_that_catches_up_within_the_time_is_waited_for_and_only_it_is_read_again()
    {
        var cluster = new FakeClusterClient().WithNodes(2);
        FakeEndpointProbe probe = AllServe(2, New).ServingLater(FakeClusterClient.NodeAddress(2), ApiPort, Old.Certificate, reads: 1, after: New.Certificate);
        var host = new RecordingHost();

        Assert.True(Verify(host, cluster, probe, TimeSpan.FromSeconds(60)));

        Assert.Empty(host.Errors);
        Assert.Equal(1, probe.ReadsOf(FakeClusterClient.NodeAddress(1), ApiPort));
        Assert.Equal(2, probe.ReadsOf(FakeClusterClient.NodeAddress(2), ApiPort));
        Assert.Contains(host.Verboses, v => v.StartsWith($"-Verify: node 2 (127.0.0.2:{ApiPort}) serves {Old.Certificate.Thumbprint}; reading again", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cluster_whose_endpoints_cannot_be_listed_is_a_warning_and_not_verified()
    {
        var cluster = new FakeClusterClient
        {
            Fail = call => call == "GET nodes" ? new REApiException("Cluster 'cluster1.example.com' is not reachable.", FailureKind.ConnectionError, "ConnectionFailed") : null,
        };
        var probe = new FakeEndpointProbe();
        var host = new RecordingHost();

        Assert.False(Verify(host, cluster, probe, TimeSpan.Zero));

        Assert.Empty(probe.Reads);
        Assert.Empty(host.Errors);
        Assert.StartsWith("-Verify cannot check what the nodes of cluster 'cluster1.example.com' serve: listing their endpoints failed", Assert.Single(host.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_no_node_serves_is_not_probed_and_counts_as_verified()
    {
        var cluster = new FakeClusterClient().WithNodes(1);
        var probe = new FakeEndpointProbe();
        var host = new RecordingHost();

        Assert.True(new ServedVerification(cluster.Session(), host, TimeSpan.Zero, probe)
            .WaitUntilServed(new Dictionary<string, string> { ["ldap_client"] = New.Certificate.Thumbprint }));

        Assert.Empty(probe.Reads);
        Assert.Empty(cluster.Calls);
        Assert.Contains(host.Verboses, v => v.StartsWith("-Verify: certificate 'ldap_client' is not served on an endpoint the module can read", StringComparison.Ordinal));
    }

    [Fact]
    public void For_unchanged_the_names_a_node_serves_otherwise_are_sent_again()
    {
        var cluster = new FakeClusterClient().WithNodes(2);
        FakeEndpointProbe probe = AllServe(2, New).Serving(FakeClusterClient.NodeAddress(1), ApiPort, Old.Certificate);
        var host = new RecordingHost();

        ISet<string> behind = new ServedVerification(cluster.Session(), host, TimeSpan.Zero, probe)
            .NamesServedOtherwise(new Dictionary<string, string> { ["api"] = New.Certificate.Thumbprint });

        Assert.Equal(["api"], behind);
        Assert.Contains(host.Verboses, v => v.Contains($"but node 1 (127.0.0.1:{ApiPort}) serves thumbprint {Old.Certificate.Thumbprint}: it is sent again", StringComparison.Ordinal));
    }

    private static bool Verify(RecordingHost host, FakeClusterClient cluster, FakeEndpointProbe probe, TimeSpan timeout) =>
        new ServedVerification(cluster.Session(), host, timeout, probe)
            .WaitUntilServed(new Dictionary<string, string> { ["api"] = New.Certificate.Thumbprint });

    private static FakeEndpointProbe AllServe(int nodes, TestCertificates.Issued leaf)
    {
        var probe = new FakeEndpointProbe();
        for (int uid = 1; uid <= nodes; uid++)
        {
            probe.Serving(FakeClusterClient.NodeAddress(uid), ApiPort, leaf.Certificate);
        }

        return probe;
    }
}
