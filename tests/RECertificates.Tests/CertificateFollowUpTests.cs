using RECertificates.Cluster;
using RECertificates.Lifecycle;
using RECertificates.Tests.Fakes;

namespace RECertificates.Tests;

/// <summary>
/// What follows a change, driven through the host seam against a cluster in memory: a new proxy certificate on a
/// cluster with OCSP on is tested with the responder (a status other than GOOD warns), a cluster without OCSP or
/// a change without proxy is not asked, a failed check is a warning and never an error, and a new sso_service
/// certificate brings the reminder about the identity provider's metadata.
/// </summary>
public class CertificateFollowUpTests
{
    [Fact]
    public void A_new_proxy_certificate_is_tested_with_the_OCSP_responder_and_GOOD_is_quiet()
    {
        var cluster = new FakeClusterClient { OcspEnabled = true, OcspStatus = "GOOD" };
        var host = new RecordingHost();

        CertificateFollowUp.Run(host, cluster.Session(), ["proxy"]);

        Assert.Equal(["GET ocsp", "POST ocsp test"], cluster.Calls);
        Assert.Contains("OCSP status of the new 'proxy' certificate of cluster 'cluster1.example.com': GOOD.", host.Verboses);
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public void A_revoked_proxy_certificate_is_warned_about()
    {
        var cluster = new FakeClusterClient { OcspEnabled = true, OcspStatus = "REVOKED" };
        var host = new RecordingHost();

        CertificateFollowUp.Run(host, cluster.Session(), ["api", "proxy"]);

        Assert.StartsWith("The OCSP responder says the new 'proxy' certificate of cluster 'cluster1.example.com' is REVOKED", Assert.Single(host.Warnings), StringComparison.Ordinal);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void A_cluster_with_OCSP_off_is_not_tested_and_a_change_without_proxy_asks_nothing()
    {
        var off = new FakeClusterClient { OcspEnabled = false, OcspStatus = "REVOKED" };
        var host = new RecordingHost();
        CertificateFollowUp.Run(host, off.Session(), ["proxy"]);
        Assert.Equal(["GET ocsp"], off.Calls);

        var on = new FakeClusterClient { OcspEnabled = true, OcspStatus = "REVOKED" };
        CertificateFollowUp.Run(host, on.Session(), ["api", "syncer"]);
        Assert.Empty(on.Calls);
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public void A_check_that_fails_is_a_warning_and_not_an_error()
    {
        var cluster = new FakeClusterClient
        {
            OcspEnabled = true,
            Fail = call => call == "POST ocsp test" ? new REApiException("The responder did not answer (504).", FailureKind.Timeout, "GatewayTimeout", 504) : null,
        };
        var host = new RecordingHost();

        CertificateFollowUp.Run(host, cluster.Session(), ["proxy"]);

        Assert.Empty(host.Errors);
        Assert.StartsWith("The OCSP status of the new 'proxy' certificate of cluster 'cluster1.example.com' could not be checked (GatewayTimeout)", Assert.Single(host.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_sso_service_certificate_brings_the_metadata_reminder_and_nothing_is_sent()
    {
        var cluster = new FakeClusterClient();
        var host = new RecordingHost();

        CertificateFollowUp.Run(host, cluster.Session(), ["sso_service"]);

        string reminder = Assert.Single(host.Warnings);
        Assert.StartsWith("'sso_service' replaced on cluster 'cluster1.example.com'.", reminder, StringComparison.Ordinal);
        Assert.Contains("GET /v1/cluster/sso/saml/metadata/sp", reminder, StringComparison.Ordinal);
        Assert.Empty(cluster.Calls);
    }
}
