using System.Globalization;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Cluster;
using RECertificates.Commands;
using RECertificates.Sessions;
using RECertificates.Tests.Fakes;

namespace RECertificates.Tests;

/// <summary>
/// What Remove-RECertificate does, driven through the host seam against clusters in memory: the plan comes from what
/// each cluster holds, each certificate is confirmed with what goes (yes, no, -WhatIf in PowerShell's short form),
/// a lost answer is what the read-back made of it, a failure part-way leaves what went before removed and reported,
/// and what must never be removed is refused before anything is sent.
/// </summary>
public class CertificateRemovalTests
{
    private static readonly TestCertificates.Issued Ldap = Client("ldap.example.com");
    private static readonly TestCertificates.Issued Sso = Client("sso.example.com");
    private static readonly TestCertificates.Issued Ca = TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = "Trusted Client CA", IsCa = true, ExtendedKeyUsage = false, DnsNames = [] });

    [Fact]
    public void Reads_the_cluster_once_and_asks_for_each_certificate_with_what_goes()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", Ldap.CertificatePem).Holding("sso_service", Sso.CertificatePem).Holding("proxy", Sso.CertificatePem);
        var host = new RecordingHost();

        Remove(host, cluster, "sso_*", "ldap_client");

        Assert.Equal(["GET certificates", "DELETE certificates ldap_client", "DELETE certificates sso_service"], cluster.Calls);
        Assert.Equal([Describe("ldap_client", Ldap), Describe("sso_service", Sso)], host.Confirmations.Select(c => c.Description));
        Assert.Equal(["proxy"], cluster.Held.Keys);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void A_wildcard_leaves_what_the_cluster_needs_alone_and_says_so()
    {
        var cluster = new FakeClusterClient().Holding("api", Sso.CertificatePem).Holding("proxy", Sso.CertificatePem).Holding("ldap_client", Ldap.CertificatePem);
        var host = new RecordingHost();

        Remove(host, cluster, "*");

        Assert.Equal(["GET certificates", "DELETE certificates ldap_client"], cluster.Calls);
        Assert.Contains("Left alone on cluster 'cluster1.example.com', because the cluster needs them (replace them with Set-RECertificate): api, proxy.", host.Verboses);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void Under_WhatIf_writes_PowerShells_short_form_for_each_certificate_and_sends_nothing()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", Ldap.CertificatePem).Holding("sso_service", Sso.CertificatePem);
        var host = new RecordingHost { Answers = RecordingHost.Answer.WhatIf };

        Remove(host, cluster, "ldap_client", "sso_service");

        Assert.Equal(["GET certificates"], cluster.Calls);
        Assert.Equal(
            [$"Performing the operation \"Remove certificate\" on target \"{Describe("ldap_client", Ldap)}\".", $"Performing the operation \"Remove certificate\" on target \"{Describe("sso_service", Sso)}\"."],
            host.WhatIfs);
        Assert.Equal(2, cluster.Held.Count);
    }

    [Fact]
    public void A_declined_prompt_sends_nothing()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", Ldap.CertificatePem);
        var host = new RecordingHost { Answers = RecordingHost.Answer.No };

        Remove(host, cluster, new RemovalOptions { PassThru = true }, "ldap_client");

        Assert.Single(host.Confirmations);
        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("DELETE", StringComparison.Ordinal));
        Assert.Empty(host.Outputs);
        Assert.True(cluster.Held.ContainsKey("ldap_client"));
    }

    [Fact]
    public void Force_removes_what_a_prompt_would_have_declined()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", Ldap.CertificatePem);
        var host = new RecordingHost { Answers = RecordingHost.Answer.No };

        Remove(host, cluster, new RemovalOptions { Force = true }, "ldap_client");

        Assert.Equal([(Describe("ldap_client", Ldap), true)], host.Confirmations);
        Assert.Contains("DELETE certificates ldap_client", cluster.Calls);
        Assert.False(cluster.Held.ContainsKey("ldap_client"));
    }

    [Fact]
    public void A_prompt_declined_for_one_certificate_still_removes_the_others()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", Ldap.CertificatePem).Holding("sso_service", Sso.CertificatePem);
        var host = new RecordingHost { ConfirmWith = description => !description.Contains("'ldap_client'", StringComparison.Ordinal) };

        Remove(host, cluster, "ldap_client", "sso_service");

        Assert.Equal(["GET certificates", "DELETE certificates sso_service"], cluster.Calls);
        Assert.Equal(["ldap_client"], cluster.Held.Keys);
    }

    [Fact]
    public void PassThru_emits_each_removed_certificate_as_it_was_just_before()
    {
        var cluster = new FakeClusterClient().Holding("ldap_client", Ldap.CertificatePem).Holding("sso_service", Sso.CertificatePem);
        var host = new RecordingHost();

        Remove(host, cluster, new RemovalOptions { PassThru = true }, "ldap_client", "sso_service");

        Assert.Equal(
            [("ldap_client", Ldap.Certificate.Thumbprint, "cluster1.example.com"), ("sso_service", Sso.Certificate.Thumbprint, "cluster1.example.com")],
            host.Outputs.Cast<RECertificate>().Select(c => (c.Name, c.Thumbprint, c.ClusterName!)));
    }

    [Fact]
    public void A_delete_whose_lost_answer_the_client_resolved_as_gone_counts_as_removed()
    {
        // The client reads back after a lost answer (OutcomeResolverTests, OutcomeResolverReadBackTests); what the
        // removal sees is its verdict: true, gone. It must count as removed like any other delete, with no error.
        var cluster = new FakeClusterClient { LoseAnswer = call => call == "DELETE certificates ldap_client" }.Holding("ldap_client", Ldap.CertificatePem);
        var host = new RecordingHost();

        Remove(host, cluster, new RemovalOptions { PassThru = true }, "ldap_client");

        Assert.Empty(host.Errors);
        Assert.Equal(["ldap_client"], host.Outputs.Cast<RECertificate>().Select(c => c.Name));
        Assert.False(cluster.Held.ContainsKey("ldap_client"));
    }

    [Fact]
    public void A_delete_whose_lost_answer_the_client_could_not_resolve_is_that_certificates_error_and_the_rest_goes_on()
    {
        // What the client makes of a lost answer it could not resolve: the read-back found the certificate still
        // held, it sent again as often as it may, and gave up saying so.
        var cluster = new FakeClusterClient
        {
            Fail = call => call == "DELETE certificates ldap_client"
                ? new REApiException("Cluster 'cluster1.example.com' may or may not have applied the change of certificate 'ldap_client': its answer was lost.", FailureKind.InvalidResult, "OutcomeUnknown")
                : null,
        }.Holding("ldap_client", Ldap.CertificatePem).Holding("sso_service", Sso.CertificatePem);
        var host = new RecordingHost();

        Remove(host, cluster, new RemovalOptions { PassThru = true }, "ldap_client", "sso_service");

        ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal("OutcomeUnknown", error.FullyQualifiedErrorId);
        Assert.Equal("ldap_client", error.TargetObject);
        Assert.Equal(["sso_service"], host.Outputs.Cast<RECertificate>().Select(c => c.Name));
        Assert.Equal(["ldap_client"], cluster.Held.Keys);
    }

    [Fact]
    public void When_the_second_of_two_fails_the_first_stays_removed_and_is_reported()
    {
        var cluster = new FakeClusterClient
        {
            Fail = call => call == "DELETE certificates sso_service"
                ? new REApiException("Cluster 'cluster1.example.com' could not remove certificate 'sso_service' (500).", FailureKind.ResourceUnavailable, "CertificateDeleteFailed", 500)
                : null,
        }.Holding("ldap_client", Ldap.CertificatePem).Holding("sso_service", Sso.CertificatePem);
        var host = new RecordingHost();

        Remove(host, cluster, new RemovalOptions { PassThru = true }, "ldap_client", "sso_service");

        Assert.Equal(["GET certificates", "DELETE certificates ldap_client", "DELETE certificates sso_service"], cluster.Calls);
        Assert.Equal(["ldap_client"], host.Outputs.Cast<RECertificate>().Select(c => c.Name));
        ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal("CertificateDeleteFailed", error.FullyQualifiedErrorId);
        Assert.Equal("sso_service", error.TargetObject);
        Assert.Equal(["sso_service"], cluster.Held.Keys);
    }

    [Theory]
    [InlineData("proxy", "RequiredCertificate")]
    [InlineData("Metrics-Exporter", "RequiredCertificate")]
    [InlineData("../cluster", "InvalidCertificateName")]
    [InlineData("sso/*", "InvalidCertificateName")]
    public void Refuses_a_name_that_must_never_be_sent_before_looking_for_a_cluster(string name, string errorId)
    {
        var host = new RecordingHost();
        var removal = new CertificateRemoval(host, force: false, passThru: false, backupPath: null);

        removal.Select(name, () => throw new InvalidOperationException("looked for a cluster"));
        removal.Remove();

        ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal(errorId, error.FullyQualifiedErrorId);
        Assert.Equal(name, error.TargetObject);
        Assert.Contains("Nothing was sent.", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(removal.Sessions);
    }

    [Fact]
    public void Reports_a_name_the_cluster_does_not_hold_without_a_request_and_goes_on()
    {
        var cluster = new FakeClusterClient().Holding("sso_service", Sso.CertificatePem);
        var host = new RecordingHost();

        Remove(host, cluster, "ldap_client", "sso_service");

        Assert.Equal(["GET certificates", "DELETE certificates sso_service"], cluster.Calls);
        ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal("CertificateNotFound", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("ldap_client", error.TargetObject);
        Assert.StartsWith("Certificate 'ldap_client' is not set on cluster 'cluster1.example.com'", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_to_remove_the_trusted_CA_that_a_certificate_login_depends_on()
    {
        using X509Certificate2 login = Client("ops.example.com").Certificate;
        var cluster = new FakeClusterClient
        {
            Settings = new ClusterConnectionSettings(new Uri("https://127.0.0.1:9443/"), login, new ServerCertificateTrust(false, [])),
        }.Holding("mtls_trusted_ca", Ca.CertificatePem).Holding("ldap_client", Ldap.CertificatePem);
        var host = new RecordingHost();

        Remove(host, cluster, new RemovalOptions { Force = true }, "mtls_trusted_ca", "ldap_client");

        Assert.Equal(["GET certificates", "DELETE certificates ldap_client"], cluster.Calls);
        ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal("WouldLockOut", error.FullyQualifiedErrorId);
        Assert.Equal("mtls_trusted_ca", error.TargetObject);
        Assert.EndsWith("Nothing was sent.", error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Confirmations, c => c.Description.Contains("mtls_trusted_ca", StringComparison.Ordinal));
    }

    [Fact]
    public void Removes_a_certificate_whose_chain_cannot_be_read_saying_so_in_the_confirmation()
    {
        var cluster = new FakeClusterClient().Holding("sso_issuer", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        var host = new RecordingHost();

        Remove(host, cluster, new RemovalOptions { PassThru = true }, "sso_issuer");

        Assert.StartsWith("certificate 'sso_issuer' (unreadable: ", Assert.Single(host.Confirmations).Description, StringComparison.Ordinal);
        Assert.Contains("DELETE certificates sso_issuer", cluster.Calls);
        Assert.Empty(host.Outputs);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void A_cluster_that_cannot_be_read_is_its_own_error_and_the_others_are_still_changed()
    {
        var broken = new FakeClusterClient("other.example.com")
        {
            Fail = call => call == "GET certificates" ? new REApiException("Cluster 'other.example.com' answered 500.", FailureKind.ResourceUnavailable, "ServerError", 500) : null,
        }.Holding("ldap_client", Ldap.CertificatePem);
        var working = new FakeClusterClient().Holding("ldap_client", Ldap.CertificatePem);
        var host = new RecordingHost();
        IReadOnlyList<RESession> sessions = [broken.Session(), working.Session()];
        var removal = new CertificateRemoval(host, force: false, passThru: false, backupPath: null);

        removal.Select("ldap_client", () => sessions);
        removal.Remove();

        ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal("other.example.com", error.TargetObject);
        Assert.Equal(["GET certificates"], broken.Calls);
        Assert.Equal(["GET certificates", "DELETE certificates ldap_client"], working.Calls);
    }

    [Fact]
    public void Backs_up_what_goes_before_asking_and_a_failed_backup_sends_nothing()
    {
        using var folder = new TempDirectory();
        var backedUp = new FakeClusterClient().Holding("ldap_client", Ldap.CertificatePem, Ldap.Pkcs8Pem);
        var host = new RecordingHost();
        Remove(host, backedUp, new RemovalOptions { BackupPath = folder.Path }, "ldap_client");

        Assert.Equal(["GET certificates", "GET certificates with keys", "DELETE certificates ldap_client"], backedUp.Calls);
        Assert.Equal(["ldap_client.key", "ldap_client.pem"], Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // Without its key the backup could not be restored: it fails, and nothing is asked or sent.
        var keyless = new FakeClusterClient().Holding("ldap_client", Ldap.CertificatePem);
        var refused = new RecordingHost();
        Remove(refused, keyless, new RemovalOptions { BackupPath = folder.Path }, "ldap_client");

        Assert.Equal(["GET certificates", "GET certificates with keys"], keyless.Calls);
        Assert.Equal(["BackupFailed"], refused.ErrorIds);
        Assert.Empty(refused.Confirmations);
        Assert.True(keyless.Held.ContainsKey("ldap_client"));
    }

    /// <summary>The switches of Remove-RECertificate that the removal follows.</summary>
    private sealed record RemovalOptions
    {
        public bool Force { get; init; }

        public bool PassThru { get; init; }

        public string? BackupPath { get; init; }
    }

    private static void Remove(RecordingHost host, FakeClusterClient cluster, params string[] names) =>
        Remove(host, cluster, new RemovalOptions(), names);

    private static void Remove(RecordingHost host, FakeClusterClient cluster, RemovalOptions options, params string[] names)
    {
        RESession session = cluster.Session();
        var removal = new CertificateRemoval(host, options.Force, options.PassThru, options.BackupPath);
        foreach (string name in names)
        {
            removal.Select(name, () => [session]);
        }

        removal.Remove();
    }

    /// <summary>What the confirmation says of a certificate of the first cluster: name, subject, thumbprint, expiry, cluster.</summary>
    private static string Describe(string name, TestCertificates.Issued certificate) =>
        $"certificate '{name}' (subject '{certificate.Certificate.Subject}', thumbprint {certificate.Certificate.Thumbprint}, expires {certificate.Certificate.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}) on cluster 'cluster1.example.com'";

    private static TestCertificates.Issued Client(string name) =>
        TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = name, DnsNames = [name] });
}
