using RECertificates.Cluster;
using RECertificates.Commands;
using RECertificates.Renewal;
using RECertificates.Tests.Fakes;

namespace RECertificates.Tests;

/// <summary>
/// Invoke-RECertificateRenewal's work, driven through the host seam with clusters in memory and a fake issuer: only
/// what is due is renewed and the rest is told NotDue; a declined or -WhatIf prompt calls no issuer and sends
/// nothing; a cluster that cannot be read is its error and one Failed object while the others go on; an issuer
/// that fails or answers nothing stops that certificate only, its key and request kept and used again; a lost
/// answer that the read-back found applied is still a renewal.
/// </summary>
public class CertificateRenewalTests : IDisposable
{
    private static readonly TestCertificates.Issued DueLdap = Expiring("ldap.example.com", days: 10);
    private static readonly TestCertificates.Issued DueSyncer = Expiring("syncer.example.com", days: 5);
    private static readonly TestCertificates.Issued LaterSyncer = Expiring("syncer.example.com", days: 200);

    private readonly TempDirectory _requests = new();

    public void Dispose() => _requests.Dispose();

    [Fact]
    public void Renews_only_what_is_due_and_tells_the_rest_not_due()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", DueLdap.CertificatePem).Holding("syncer", LaterSyncer.CertificatePem);
        var issuer = new FakeCertificateIssuer();
        var host = new RecordingHost();

        Renew(host, issuer, cluster);

        Assert.Equal(["ldap_client"], issuer.Requests.Select(r => r.Name));
        Assert.Equal(["ldap.example.com"], issuer.Requests[0].DnsNames);
        Assert.Contains("PUT certificates ldap_client", cluster.Calls);
        Assert.NotEqual(DueLdap.CertificatePem.Trim(), cluster.Held["ldap_client"].CertificatePem.Trim());
        Assert.Equal([("syncer", RECertificateRenewal.NotDue), ("ldap_client", RECertificateRenewal.Renewed)], Results(host).Select(r => (r.Name, r.Status)));
        RECertificateRenewal renewed = Results(host)[1];
        Assert.Equal(DueLdap.Certificate.Thumbprint, renewed.OldThumbprint);
        Assert.Equal(RECertificate.FromClusterEntry(cluster.Held["ldap_client"], null, null).Thumbprint, renewed.NewThumbprint);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void Under_WhatIf_the_due_certificate_would_be_renewed_and_no_issuer_is_called_nor_file_written()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", DueLdap.CertificatePem);
        var issuer = new FakeCertificateIssuer();
        var host = new RecordingHost { Answers = RecordingHost.Answer.WhatIf };

        Renew(host, issuer, cluster);

        Assert.Empty(issuer.Requests);
        Assert.Equal(["GET certificates"], cluster.Calls);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_requests.Path));
        Assert.StartsWith($"Renew certificate 'ldap_client' of cluster 'cluster1.example.com' (thumbprint {DueLdap.Certificate.Thumbprint}", Assert.Single(host.WhatIfs), StringComparison.Ordinal);
        RECertificateRenewal would = Assert.Single(Results(host));
        Assert.Equal(RECertificateRenewal.WouldRenew, would.Status);
        Assert.EndsWith("The issuer was not called.", would.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declined_prompt_calls_no_issuer_sends_nothing_and_writes_no_object()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", DueLdap.CertificatePem);
        var issuer = new FakeCertificateIssuer();
        var host = new RecordingHost { Answers = RecordingHost.Answer.No };

        Renew(host, issuer, cluster);

        Assert.Single(host.Confirmations);
        Assert.Empty(issuer.Requests);
        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("PUT", StringComparison.Ordinal));
        Assert.Empty(Results(host));
    }

    [Fact]
    public void Force_renews_without_asking_though_the_prompt_would_be_declined()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", DueLdap.CertificatePem);
        var host = new RecordingHost { Answers = RecordingHost.Answer.No };

        Renew(host, new FakeCertificateIssuer(), cluster, force: true);

        // The renewal's own question, then the rotation's (approved already, so forced too).
        Assert.StartsWith("Renew certificate 'ldap_client'", host.Confirmations[0].Description, StringComparison.Ordinal);
        Assert.All(host.Confirmations, c => Assert.True(c.Force));
        Assert.Equal(RECertificateRenewal.Renewed, Assert.Single(Results(host)).Status);
    }

    [Fact]
    public void A_cluster_that_cannot_be_read_is_its_error_and_a_Failed_object_and_the_others_are_renewed()
    {
        var down = new FakeClusterClient("c1.example.com")
        {
            Fail = call => call == "GET certificates" ? new REApiException("Cluster 'c1.example.com' is not reachable.", FailureKind.ConnectionError, "ConnectionFailed") : null,
        };
        var up = new FakeClusterClient("c2.example.com").Holding("ldap_client", DueLdap.CertificatePem);
        var host = new RecordingHost();

        new CertificateRenewal(host, Options(), new FakeCertificateIssuer()).Run([down.Session(), up.Session()]);

        System.Management.Automation.ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal("ConnectionFailed", error.FullyQualifiedErrorId);
        Assert.Equal("c1.example.com", error.TargetObject);
        Assert.Equal([("c1.example.com", null, RECertificateRenewal.Failed), ("c2.example.com", "ldap_client", RECertificateRenewal.Renewed)],
            Results(host).Select(r => (r.ClusterName, r.Name, r.Status)));
        Assert.StartsWith("Cluster 'c1.example.com' could not be read, so nothing was renewed on it", Results(host)[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(down.Calls, c => c.StartsWith("PUT", StringComparison.Ordinal));
    }

    [Fact]
    public void An_issuer_that_fails_stops_that_certificate_only_and_its_key_and_request_are_used_again()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", DueLdap.CertificatePem).Holding("syncer", DueSyncer.CertificatePem);
        var failing = new FakeCertificateIssuer
        {
            Answer = request => request.Name == "ldap_client" ? throw new InvalidOperationException("The CA is offline.") : FakeCertificateIssuer.Sign(request).ExportCertificatePem(),
        };
        var host = new RecordingHost();

        Renew(host, failing, cluster);

        System.Management.Automation.ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal(RenewalIds.IssuerFailed, error.FullyQualifiedErrorId);
        Assert.StartsWith("The issuer failed for certificate 'ldap_client' of cluster 'cluster1.example.com': The CA is offline. Nothing was changed on the cluster", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal([("ldap_client", RECertificateRenewal.Failed), ("syncer", RECertificateRenewal.Renewed)], Results(host).Select(r => (r.Name, r.Status)));
        Assert.Equal(["PUT certificates syncer"], cluster.Calls.Where(c => c.StartsWith("PUT", StringComparison.Ordinal)));
        RECertificateRequest left = failing.Requests[0];
        Assert.True(File.Exists(left.KeyPath) && File.Exists(left.CsrPath));

        // The next run uses that key and request again, and the issuer's certificate for them is rotated in.
        var next = new RecordingHost();
        var issuer = new FakeCertificateIssuer();
        Renew(next, issuer, cluster, names: ["ldap_client"]);

        Assert.Equal(left.Csr, Assert.Single(issuer.Requests).Csr);
        Assert.Contains(next.Verboses, v => v.StartsWith($"Reusing the key '{left.KeyPath}' and request '{left.CsrPath}'", StringComparison.Ordinal));
        Assert.Equal(RECertificateRenewal.Renewed, Assert.Single(Results(next)).Status);
    }

    [Fact]
    public void An_issuer_that_answers_nothing_or_something_unusable_changes_nothing()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", DueLdap.CertificatePem);
        var host = new RecordingHost();

        Renew(host, new FakeCertificateIssuer { Answer = _ => null }, cluster);
        Renew(host, new FakeCertificateIssuer { Answer = _ => 42 }, cluster);

        Assert.Equal([RenewalIds.IssuerAnswerUnusable, RenewalIds.IssuerAnswerUnusable], host.ErrorIds);
        Assert.StartsWith("The issuer returned nothing for certificate 'ldap_client'", host.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.StartsWith("The issuer returned a Int32 for certificate 'ldap_client'", host.Errors[1].Exception.Message, StringComparison.Ordinal);
        Assert.All(Results(host), r => Assert.Equal(RECertificateRenewal.Failed, r.Status));
        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("PUT", StringComparison.Ordinal));
    }

    [Fact]
    public void An_answer_the_issuer_gives_as_a_file_path_is_read_from_that_file()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", DueLdap.CertificatePem);
        string path = Path.Combine(_requests.Path, "issued.pem");
        var issuer = new FakeCertificateIssuer
        {
            Answer = request =>
            {
                File.WriteAllText(path, FakeCertificateIssuer.Sign(request).ExportCertificatePem());
                return " " + path + " ";
            },
        };
        var host = new RecordingHost();

        Renew(host, issuer, cluster);

        Assert.Equal(RECertificateRenewal.Renewed, Assert.Single(Results(host)).Status);
        Assert.Equal(File.ReadAllText(path).Trim(), cluster.Held["ldap_client"].CertificatePem.Trim());
    }

    [Fact]
    public void A_certificate_the_issuer_returns_unchanged_is_a_failure_that_keeps_the_request()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", DueLdap.CertificatePem);
        var host = new RecordingHost();

        Renew(host, new FakeCertificateIssuer { Answer = _ => DueLdap.CertificatePem }, cluster);

        System.Management.Automation.ErrorRecord error = Assert.Single(host.Errors, e => e.FullyQualifiedErrorId == RenewalIds.RenewalFailed);
        Assert.Contains("was not renewed", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(RECertificateRenewal.Failed, Assert.Single(Results(host)).Status);
        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("PUT", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lost_answer_the_read_back_found_applied_is_still_a_renewal_and_is_warned_about()
    {
        var cluster = new FakeClusterClient { LoseAnswer = call => call.StartsWith("PUT", StringComparison.Ordinal) }.Holding("ldap_client", DueLdap.CertificatePem);
        var host = new RecordingHost();

        Renew(host, new FakeCertificateIssuer(), cluster);

        Assert.Equal(RECertificateRenewal.Renewed, Assert.Single(Results(host)).Status);
        Assert.Single(host.Warnings, w => w.Contains("was lost", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_given_that_the_cluster_does_not_hold_is_an_error_and_the_rest_goes_on()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", DueLdap.CertificatePem);
        var host = new RecordingHost();

        Renew(host, new FakeCertificateIssuer(), cluster, names: ["ldap_client", "syncer"]);

        System.Management.Automation.ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal(CommandErrorIds.CertificateNotFound, error.FullyQualifiedErrorId);
        Assert.StartsWith("Cluster 'cluster1.example.com' holds no certificate 'syncer'", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(RECertificateRenewal.Renewed, Assert.Single(Results(host)).Status);
    }

    private void Renew(RecordingHost host, FakeCertificateIssuer issuer, FakeClusterClient cluster, bool force = false, string[]? names = null) =>
        new CertificateRenewal(host, Options(force, names), issuer).Run([cluster.Session()]);

    private RenewalOptions Options(bool force = false, string[]? names = null) =>
        new(names ?? [], DueSelection.DefaultWithinDays, _requests.Path, backupPath: null, verify: false, force, FanOut.DefaultThrottle);

    private static List<RECertificateRenewal> Results(RecordingHost host) => host.Outputs.OfType<RECertificateRenewal>().ToList();

    private static TestCertificates.Issued Expiring(string commonName, int days) =>
        TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = commonName, DnsNames = [commonName], NotAfter = TestCertificates.Now.AddDays(days) });
}
