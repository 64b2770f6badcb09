using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Commands;
using RECertificates.Serving;
using RECertificates.Tests.Fakes;

namespace RECertificates.Tests;

/// <summary>
/// What Set-RECertificate does with a validated set, driven through the host seam against a cluster in memory:
/// the plan leaves out what the cluster holds, a declined or -WhatIf prompt sends nothing, a lost answer is warned
/// about, a refusal part-way says what was and was not replaced, and an invalid set reaches no cluster at all.
/// </summary>
public class CertificateReplacementTests
{
    private static readonly TestCertificates.Issued Ldap = Client("ldap.example.com");
    private static readonly TestCertificates.Issued Syncer = Client("syncer.example.com");

    private const int ApiPort = 9443;

    // Two certificates of the REST API for the fake's cluster, as -Verify compares what its nodes serve with them.
    private static readonly TestCertificates.Issued ApiOld = Client("cluster1.example.com");
    private static readonly TestCertificates.Issued ApiNew = Client("cluster1.example.com");

    [Fact]
    public void Sends_what_changed_in_one_request_and_leaves_out_what_the_cluster_holds()
    {
        var cluster = new FakeClusterClient().Holding("syncer", Syncer.CertificatePem);
        var host = new RecordingHost();

        IReadOnlyList<string> replaced = Replace(host, cluster, ("ldap_client", Ldap), ("syncer", Syncer));

        Assert.Equal(["ldap_client"], replaced);
        Assert.Equal(["GET certificates", "PUT certificates ldap_client"], cluster.Calls.Where(c => c != "GET cluster cipher suites"));
        Assert.Contains(host.Verboses, v => v.Contains("Certificate 'syncer' on cluster 'cluster1.example.com' is unchanged", StringComparison.Ordinal));
        Assert.Single(host.Confirmations);
    }

    [Fact]
    public void Under_WhatIf_writes_the_plan_and_sends_nothing()
    {
        var cluster = new FakeClusterClient();
        var host = new RecordingHost { Answers = RecordingHost.Answer.WhatIf };

        IReadOnlyList<string> replaced = Replace(host, cluster, ("ldap_client", Ldap));

        Assert.Empty(replaced);
        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("PUT", StringComparison.Ordinal));
        Assert.Contains(host.WhatIfs, w => w.StartsWith("Replace certificate 'ldap_client' on cluster 'cluster1.example.com': not set -> CN=ldap.example.com", StringComparison.Ordinal));
    }

    [Fact]
    public void A_declined_prompt_sends_nothing_and_says_so()
    {
        var cluster = new FakeClusterClient();
        var host = new RecordingHost { Answers = RecordingHost.Answer.No };

        Assert.Empty(Replace(host, cluster, ("ldap_client", Ldap)));
        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("PUT", StringComparison.Ordinal));
        Assert.Contains("No certificate was approved; nothing was sent to cluster 'cluster1.example.com'.", host.Verboses);
    }

    [Fact]
    public void A_lost_answer_that_the_read_back_found_applied_is_warned_about()
    {
        var cluster = new FakeClusterClient { LoseAnswer = call => call.StartsWith("PUT", StringComparison.Ordinal) };
        var host = new RecordingHost();

        Assert.Equal(["ldap_client"], Replace(host, cluster, ("ldap_client", Ldap)));
        string warning = Assert.Single(host.Warnings, w => w.Contains("was lost", StringComparison.Ordinal));
        Assert.Contains("Get-REServedCertificate", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_part_way_says_what_was_and_was_not_replaced()
    {
        // Update-Legacy sends one request per certificate: the second is refused with some nodes not updated (409).
        var cluster = new FakeClusterClient
        {
            Fail = call => call == "PUT update_cert syncer"
                ? new REApiException("Cluster 'cluster1.example.com' updated the certificate on some nodes only (409).", FailureKind.PartiallyCompleted, "PartiallyCompleted", 409)
                : null,
        };
        var host = new RecordingHost();

        IReadOnlyList<string> replaced = Replace(host, cluster, UpdateEndpoint.OneByOne, ("ldap_client", Ldap), ("syncer", Syncer));

        Assert.Equal(["ldap_client"], replaced);
        System.Management.Automation.ErrorRecord error = Assert.Single(host.Errors);
        Assert.Contains("Stopped at 'syncer'. Already replaced on cluster 'cluster1.example.com': 'ldap_client'. Not replaced: 'syncer'.", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_set_reaches_no_cluster()
    {
        var cluster = new FakeClusterClient();
        var host = new RecordingHost();
        TestCertificates.Issued expired = TestCertificates.Rsa(options: new TestCertificates.Options
        {
            CommonName = "ldap.example.com",
            DnsNames = ["ldap.example.com"],
            NotBefore = TestCertificates.Now.AddDays(-30),
            NotAfter = TestCertificates.Now.AddDays(-1),
        });

        Assert.Empty(Replace(host, cluster, ("ldap_client", Ldap), ("syncer", expired)));
        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("PUT", StringComparison.Ordinal) || c.StartsWith("GET certificates", StringComparison.Ordinal));
        Assert.Contains("NothingSent", host.ErrorIds.Select(id => id.Split(',')[0]));
    }

    [Fact]
    public void With_Verify_a_certificate_the_record_holds_but_a_node_does_not_serve_is_sent_again_and_awaited()
    {
        // Node 2 missed the last update: it serves the old leaf once (the check while planning), then the new one.
        var cluster = new FakeClusterClient().WithNodes(2).Holding("api", ApiNew.CertificatePem);
        var probe = new FakeEndpointProbe()
            .Serving(FakeClusterClient.NodeAddress(1), ApiPort, ApiNew.Certificate)
            .ServingLater(FakeClusterClient.NodeAddress(2), ApiPort, ApiOld.Certificate, reads: 1, ApiNew.Certificate);
        var host = new RecordingHost();

        IReadOnlyList<string> replaced = Replace(host, cluster, UpdateEndpoint.AllInOne, Verifying(probe), ("api", ApiNew));

        Assert.Equal(["api"], replaced);
        Assert.Contains("PUT certificates api", cluster.Calls);
        Assert.Equal(2, probe.ReadsOf(FakeClusterClient.NodeAddress(2), ApiPort));
        Assert.Empty(host.Errors);
        Assert.Contains(host.Verboses, v => v.StartsWith("-Verify: every reachable node of cluster 'cluster1.example.com' serves the new 'api'", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_Verify_the_same_certificate_counts_as_unchanged_and_no_node_is_read()
    {
        var cluster = new FakeClusterClient().WithNodes(2).Holding("api", ApiNew.CertificatePem);
        var probe = new FakeEndpointProbe();
        var host = new RecordingHost();

        Assert.Empty(Replace(host, cluster, UpdateEndpoint.AllInOne, new ReplacementOptions(force: false, passThru: false, backupPath: null, probe: probe), ("api", ApiNew)));

        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("PUT", StringComparison.Ordinal));
        Assert.Empty(probe.Reads);
    }

    [Fact]
    public void With_Verify_a_node_that_keeps_the_old_certificate_is_a_NotServed_error_after_the_change()
    {
        var cluster = new FakeClusterClient().WithNodes(2).Holding("api", ApiOld.CertificatePem);
        var probe = new FakeEndpointProbe()
            .Serving(FakeClusterClient.NodeAddress(1), ApiPort, ApiNew.Certificate)
            .Serving(FakeClusterClient.NodeAddress(2), ApiPort, ApiOld.Certificate);
        var host = new RecordingHost();

        IReadOnlyList<string> replaced = Replace(host, cluster, UpdateEndpoint.AllInOne, Verifying(probe), ("api", ApiNew));

        // The record took it, so it is reported replaced; the node that did not is the command's error.
        Assert.Equal(["api"], replaced);
        System.Management.Automation.ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal(ServingIds.NotServed, error.FullyQualifiedErrorId);
        Assert.StartsWith($"Node 2 (127.0.0.2:{ApiPort}) of cluster 'cluster1.example.com' still serves thumbprint {ApiOld.Certificate.Thumbprint}", error.Exception.Message, StringComparison.Ordinal);
    }

    private static ReplacementOptions Verifying(IEndpointProbe probe) =>
        new(force: false, passThru: false, backupPath: null, verify: true, verifyTimeoutSec: 0, probe: probe);

    private static IReadOnlyList<string> Replace(RecordingHost host, FakeClusterClient cluster, params (string Name, TestCertificates.Issued Certificate)[] given) =>
        Replace(host, cluster, UpdateEndpoint.AllInOne, given);

    private static IReadOnlyList<string> Replace(RecordingHost host, FakeClusterClient cluster, UpdateEndpoint endpoint, params (string Name, TestCertificates.Issued Certificate)[] given) =>
        Replace(host, cluster, endpoint, new ReplacementOptions(force: false, passThru: false, backupPath: null), given);

    private static IReadOnlyList<string> Replace(RecordingHost host, FakeClusterClient cluster, UpdateEndpoint endpoint, ReplacementOptions options, params (string Name, TestCertificates.Issued Certificate)[] given)
    {
        var builder = new CertificateSetBuilder();
        foreach ((string name, TestCertificates.Issued certificate) in given)
        {
            builder.AddPem(name, certificate.CertificatePem, certificate.KeySecure);
        }

        using CertificateSet set = builder.Build();
        RESession session = cluster.Session();
        CertificateValidationReport report = new CertificateValidator().Validate(set, new ClusterTarget(session.Label, session.ClusterName, session.Uri.Host, session.ClusterVersion, checkNames: true));
        return new CertificateReplacement(host, session, endpoint, options).Replace(set, report);
    }

    private static TestCertificates.Issued Client(string name) =>
        TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = name, DnsNames = [name] });
}
