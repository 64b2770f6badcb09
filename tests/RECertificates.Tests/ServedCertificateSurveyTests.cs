using RECertificates.Cluster;
using RECertificates.Serving;
using RECertificates.Tests.Fakes;

namespace RECertificates.Tests;

/// <summary>
/// Get-REServedCertificate's work, driven through the host seam with clusters in memory and a fake of what each
/// node serves: one object per endpoint, compared with the cluster's record; a cluster whose endpoints cannot be
/// listed is its error and the others are still read; each probe gets the time limit given.
/// </summary>
public class ServedCertificateSurveyTests
{
    private const int ApiPort = 9443;

    private static readonly TestCertificates.Issued Held = TestCertificates.Ec(options: new TestCertificates.Options { CommonName = "api.example.com" });
    private static readonly TestCertificates.Issued Other = TestCertificates.Ec(options: new TestCertificates.Options { CommonName = "stale.example.com" });

    [Fact]
    public void Each_endpoint_is_one_object_that_says_whether_it_serves_what_the_record_holds()
    {
        var cluster = new FakeClusterClient().WithNodes(3).Holding("api", Held.CertificatePem);
        var probe = new FakeEndpointProbe()
            .Serving(FakeClusterClient.NodeAddress(1), ApiPort, Held.Certificate)
            .Serving(FakeClusterClient.NodeAddress(2), ApiPort, Other.Certificate)
            .Down(FakeClusterClient.NodeAddress(3), ApiPort);
        var host = new RecordingHost();

        Survey(host, probe, [cluster], name => name == "api");

        List<REServedCertificate> served = host.Outputs.OfType<REServedCertificate>().ToList();
        Assert.Equal([1, 2, 3], served.Select(s => s.NodeUid ?? 0));
        Assert.Equal([true, false, false], served.Select(s => s.MatchesCluster));
        Assert.Equal([Held.Certificate.Thumbprint, Other.Certificate.Thumbprint, null], served.Select(s => s.Thumbprint));
        Assert.StartsWith("connection refused", served[2].Error, StringComparison.Ordinal);
        Assert.Contains($"Cluster 'cluster1.example.com': api on node 2 (127.0.0.2:{ApiPort}) serves {Other.Certificate.Thumbprint}, NOT what the record holds.", host.Verboses);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void A_cluster_whose_endpoints_cannot_be_listed_is_its_error_and_the_others_are_read()
    {
        var down = new FakeClusterClient("c1.example.com")
        {
            Fail = call => call == "GET nodes" ? new REApiException("Cluster 'c1.example.com' is not reachable.", FailureKind.ConnectionError, "ConnectionFailed") : null,
        };
        var up = new FakeClusterClient("c2.example.com").WithNodes(1).Holding("api", Held.CertificatePem);
        var probe = new FakeEndpointProbe().Serving(FakeClusterClient.NodeAddress(1), ApiPort, Held.Certificate);
        var host = new RecordingHost();

        Survey(host, probe, [down, up], name => name == "api");

        System.Management.Automation.ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal("c1.example.com", error.TargetObject);
        REServedCertificate served = Assert.Single(host.Outputs.OfType<REServedCertificate>());
        Assert.Equal("c2.example.com", served.ClusterName);
        Assert.True(served.MatchesCluster);
    }

    [Fact]
    public void Every_probe_gets_the_time_limit_given_and_only_the_names_wanted_are_read()
    {
        var cluster = new FakeClusterClient().WithNodes(2).Holding("api", Held.CertificatePem);
        var probe = new FakeEndpointProbe();
        var host = new RecordingHost();

        ServedCertificateSurvey.Run(host, probe, [cluster.Session()], name => name == "cm", null, TimeSpan.FromSeconds(7), throttle: 4);

        Assert.Equal(2, probe.Reads.Count);
        Assert.All(probe.Reads, r => Assert.Equal((8443, TimeSpan.FromSeconds(7)), (r.Port, r.Timeout)));
        Assert.All(host.Outputs.OfType<REServedCertificate>(), s => Assert.Equal("cm", s.Name));
        Assert.DoesNotContain("GET bdbs", cluster.Calls);
    }

    private static void Survey(RecordingHost host, FakeEndpointProbe probe, IReadOnlyList<FakeClusterClient> clusters, Func<string, bool> wanted) =>
        ServedCertificateSurvey.Run(host, probe, clusters.Select(c => c.Session()).ToList(), wanted, null, TimeSpan.FromSeconds(5), throttle: 4);
}
