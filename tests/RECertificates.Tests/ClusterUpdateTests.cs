using RECertificates.Certificates;
using RECertificates.Commands;
using RECertificates.Tests.Fakes;

namespace RECertificates.Tests;

/// <summary>
/// One set to several clusters (Set-RECertificate -Session $a, $b, $c), driven through the host seam with clusters
/// in memory: every cluster gets the set, confirmed cluster by cluster; the sends run at once within the throttle;
/// one failing cluster does not stop the others; each cluster's lines come out together.
/// </summary>
public class ClusterUpdateTests
{
    private static readonly TestCertificates.Issued Ldap = TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = "ldap.example.com", DnsNames = ["ldap.example.com"] });

    [Fact]
    public void Every_cluster_gets_the_set_after_its_own_confirmation()
    {
        List<FakeClusterClient> clusters = Clusters(3);
        var host = new RecordingHost();

        Update(host).OnEach(clusters.Select(c => c.Session()).ToList(), LdapSet(), throttle: 3);

        Assert.All(clusters, c => Assert.Equal(Ldap.CertificatePem.Trim(), c.Held["ldap_client"].CertificatePem.Trim()));
        Assert.Equal(clusters.Select(c => $"cluster '{c.ClusterLabel}'"), host.Confirmations.Select(q => q.Description[q.Description.IndexOf("cluster '", StringComparison.Ordinal)..].Split(':')[0]));
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void Sends_to_the_clusters_at_once_within_the_throttle()
    {
        // Each cluster's PUT waits until all three have arrived: met only when the three are written to at once.
        List<FakeClusterClient> clusters = Clusters(3);
        using var arrived = new CountdownEvent(3);
        foreach (FakeClusterClient cluster in clusters)
        {
            cluster.BeforeWrite = (call, token) => Task.Run(() =>
            {
                arrived.Signal();
                if (!arrived.Wait(TimeSpan.FromSeconds(20), token))
                {
                    throw new TimeoutException($"{call} waited alone: the clusters were not written to at once.");
                }
            }, token);
        }

        var host = new RecordingHost();
        Update(host).OnEach(clusters.Select(c => c.Session()).ToList(), LdapSet(), throttle: 3);

        Assert.Empty(host.Errors);
        Assert.All(clusters, c => Assert.True(c.Held.ContainsKey("ldap_client")));
    }

    [Fact]
    public void A_throttle_of_one_sends_one_cluster_after_another()
    {
        // Room for one at a time: no two writes ever overlap, however long each takes.
        List<FakeClusterClient> clusters = Clusters(2);
        int writing = 0, most = 0;
        foreach (FakeClusterClient cluster in clusters)
        {
            cluster.BeforeWrite = async (call, token) =>
            {
                int now = Interlocked.Increment(ref writing);
                most = Math.Max(most, now);
                await Task.Delay(200, token);
                Interlocked.Decrement(ref writing);
            };
        }

        var host = new RecordingHost();
        Update(host).OnEach(clusters.Select(c => c.Session()).ToList(), LdapSet(), throttle: 1);

        Assert.Equal(1, most);
        Assert.All(clusters, c => Assert.True(c.Held.ContainsKey("ldap_client")));
    }

    [Fact]
    public void One_cluster_that_refuses_does_not_stop_the_others_and_its_error_names_it()
    {
        List<FakeClusterClient> clusters = Clusters(3);
        clusters[1].Fail = call => call.StartsWith("PUT certificates", StringComparison.Ordinal)
            ? new REApiException("Cluster 'c2.example.com' could not update the certificates (500).", Cluster.FailureKind.ResourceUnavailable, "ServerError", 500)
            : null;
        var host = new RecordingHost();

        Update(host).OnEach(clusters.Select(c => c.Session()).ToList(), LdapSet(), throttle: 3);

        Assert.True(clusters[0].Held.ContainsKey("ldap_client"));
        Assert.False(clusters[1].Held.ContainsKey("ldap_client"));
        Assert.True(clusters[2].Held.ContainsKey("ldap_client"));
        ErrorRecordAssert(host, "c2.example.com");
    }

    [Fact]
    public void Writes_each_clusters_lines_together_in_the_order_given()
    {
        List<FakeClusterClient> clusters = Clusters(3);
        // The first cluster answers last: its lines must still come first.
        clusters[0].BeforeWrite = (call, token) => Task.Delay(300, token);
        var host = new RecordingHost();

        Update(host).OnEach(clusters.Select(c => c.Session()).ToList(), LdapSet(), throttle: 3);

        List<int> order = host.Transcript
            .Where(line => line.StartsWith("VERBOSE Sending", StringComparison.Ordinal) || line.StartsWith("VERBOSE Cluster '", StringComparison.Ordinal))
            .Select(line => clusters.FindIndex(c => line.Contains($"'{c.ClusterLabel}'", StringComparison.Ordinal)))
            .ToList();
        Assert.Equal(6, order.Count);
        Assert.Equal([0, 0, 1, 1, 2, 2], order);
    }

    [Fact]
    public void Under_WhatIf_every_cluster_shows_its_plan_and_nothing_is_sent()
    {
        List<FakeClusterClient> clusters = Clusters(2);
        var host = new RecordingHost { Answers = RecordingHost.Answer.WhatIf };

        Update(host).OnEach(clusters.Select(c => c.Session()).ToList(), LdapSet(), throttle: 2);

        Assert.All(clusters, c => Assert.DoesNotContain(c.Calls, call => call.StartsWith("PUT", StringComparison.Ordinal)));
        Assert.All(clusters, c => Assert.Contains(host.WhatIfs, line => line.Contains($"cluster '{c.ClusterLabel}'", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_cluster_whose_prompt_is_declined_is_left_alone_and_the_others_are_changed()
    {
        List<FakeClusterClient> clusters = Clusters(2);
        var host = new RecordingHost { ConfirmWith = description => !description.Contains("'c1.example.com'", StringComparison.Ordinal) };

        Update(host).OnEach(clusters.Select(c => c.Session()).ToList(), LdapSet(), throttle: 2);

        Assert.False(clusters[0].Held.ContainsKey("ldap_client"));
        Assert.True(clusters[1].Held.ContainsKey("ldap_client"));
    }

    private static void ErrorRecordAssert(RecordingHost host, string cluster)
    {
        System.Management.Automation.ErrorRecord error = Assert.Single(host.Errors);
        Assert.Contains(cluster, error.Exception.Message, StringComparison.Ordinal);
    }

    private static List<FakeClusterClient> Clusters(int count) =>
        Enumerable.Range(1, count).Select(i => new FakeClusterClient($"c{i}.example.com")).ToList();

    private static ClusterUpdate Update(RecordingHost host) =>
        new(host, Cluster.UpdateEndpoint.AllInOne, new ReplacementOptions(force: false, passThru: false, backupPath: null),
            (set, session) => new CertificateValidator().Validate(set, new ClusterTarget(session.Label, session.ClusterName, session.Uri.Host, session.ClusterVersion, checkNames: true)));

    private static CertificateSet LdapSet()
    {
        var builder = new CertificateSetBuilder();
        builder.AddPem("ldap_client", Ldap.CertificatePem, Ldap.KeySecure);
        return builder.Build();
    }
}
