using RECertificates.Cluster;
using RECertificates.Lifecycle;
using RECertificates.Tests.Fakes;

namespace RECertificates.Tests;

/// <summary>
/// One cluster's certificate policy read from its three sources through the cluster calls, against a cluster in
/// memory: the job scheduler's rotation, the alert settings (a threshold only where the alert is on), OCSP; and a
/// source that fails makes the read fail rather than show half a policy.
/// </summary>
public class CertificatePolicyReaderTests
{
    [Fact]
    public void The_policy_comes_from_the_rotation_job_the_alerts_and_OCSP()
    {
        var cluster = new FakeClusterClient
        {
            Rotation = new RotationSettings(true, "0 3 * * 0", 45),
            Alerts = new CertificateAlerts(new ExpiryAlert(true, 30), new ExpiryAlert(false, 45)),
            OcspEnabled = true,
        };
        var host = new RecordingHost();

        RECertificatePolicy policy = host.Run((log, token) => CertificatePolicyReader.ReadAsync(cluster.Session(), log, token));

        Assert.Equal(["GET rotation", "GET alerts", "GET ocsp"], cluster.Calls);
        Assert.Equal("cluster1.example.com", policy.ClusterName);
        Assert.Equal((true, "0 3 * * 0", 45), (policy.RotationEnabled, policy.RotationSchedule, policy.RotateDaysBeforeExpiry));
        Assert.Equal(30, policy.ExpiryAlertDays);
        Assert.Null(policy.InternalExpiryAlertDays);
        Assert.True(policy.OcspEnabled);
    }

    [Fact]
    public void A_cluster_without_a_rotation_job_shows_none_and_a_failed_source_fails_the_read()
    {
        var cluster = new FakeClusterClient();
        var host = new RecordingHost();

        RECertificatePolicy policy = host.Run((log, token) => CertificatePolicyReader.ReadAsync(cluster.Session(), log, token));
        Assert.Null(policy.RotationEnabled);
        Assert.Null(policy.RotationSchedule);

        var failing = new FakeClusterClient { Fail = call => call == "GET alerts" ? new REApiException("Not allowed (403).", FailureKind.PermissionDenied, "Forbidden", 403) : null };
        Assert.Throws<REApiException>(() => host.Run((log, token) => CertificatePolicyReader.ReadAsync(failing.Session(), log, token)));
        Assert.DoesNotContain("GET ocsp", failing.Calls);
    }
}
