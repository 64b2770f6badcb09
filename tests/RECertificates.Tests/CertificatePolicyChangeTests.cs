using System.Management.Automation;
using RECertificates.Cluster;
using RECertificates.Lifecycle;
using RECertificates.Tests.Fakes;

namespace RECertificates.Tests;

/// <summary>
/// Set-RECertificatePolicy's work, driven through the host seam against clusters in memory, the way the cmdlet calls
/// it (Check when bound, Run with the sessions gathered): the plan tells each value as old -> new, a declined or
/// -WhatIf prompt sends nothing, only what was given and differs is sent, values the cluster holds send nothing, a
/// cluster without the job scheduler is its own error, one failing cluster leaves the other changed, each cluster
/// read is told in the sessions' order (the read step Get-RECertificatePolicy shares), and bad values stop the
/// command before any cluster is asked.
/// </summary>
public class CertificatePolicyChangeTests
{
    private const string Cluster1 = "cluster1.example.com";
    private const string Cluster2 = "cluster2.example.com";

    [Fact]
    public void Under_WhatIf_the_plan_tells_each_value_as_old_to_new_and_nothing_is_sent()
    {
        FakeClusterClient cluster = Cluster();
        var host = new RecordingHost { Answers = RecordingHost.Answer.WhatIf };

        SetPolicy(host, [cluster.Session()], new CertificatePolicyRequest { RotateDaysBeforeExpiry = 30, ExpiryAlertDays = 14 });

        Assert.Equal([$"Change the certificate policy of cluster '{Cluster1}': rotate days before expiry 60 -> 30; expiry alert (your certificates) 30 days -> 14 days"], host.WhatIfs);
        Assert.Equal(["GET rotation", "GET alerts", "GET ocsp"], cluster.Calls);
        Assert.Empty(host.Outputs);
        Assert.DoesNotContain(host.Verboses, v => v.Contains("took the certificate policy change", StringComparison.Ordinal));
    }

    [Fact]
    public void A_declined_prompt_sends_nothing()
    {
        FakeClusterClient cluster = Cluster();
        var host = new RecordingHost { Answers = RecordingHost.Answer.No };

        SetPolicy(host, [cluster.Session()], new CertificatePolicyRequest { RotationEnabled = false }, passThru: true);

        Assert.Equal([($"Change the certificate policy of cluster '{Cluster1}': rotation enabled $true -> $false", false)], host.Confirmations);
        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("PUT", StringComparison.Ordinal));
        Assert.Empty(host.Outputs);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void A_yes_sends_only_what_was_given_and_differs()
    {
        FakeClusterClient cluster = Cluster();
        var host = new RecordingHost();

        // -InternalExpiryAlertDays 45 is what the cluster holds: the alerts are not sent at all.
        SetPolicy(host, [cluster.Session()], new CertificatePolicyRequest { RotationSchedule = " 30 2 * * * ", InternalExpiryAlertDays = 45 });

        Assert.Equal(["PUT rotation"], cluster.Calls.Where(c => c.StartsWith("PUT", StringComparison.Ordinal)));
        Assert.Equal((null, "30 2 * * *", null), (cluster.Rotation!.Enabled, cluster.Rotation.CronExpression, cluster.Rotation.ExpiryDaysBeforeRotation));
        Assert.Contains($"Cluster '{Cluster1}' took the certificate policy change: rotation schedule '0 * * * *' -> '30 2 * * *'.", host.Verboses);
        Assert.Empty(host.Outputs);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void PassThru_writes_the_policy_read_back_after_the_change()
    {
        FakeClusterClient cluster = Cluster();
        var host = new RecordingHost();

        SetPolicy(host, [cluster.Session()], new CertificatePolicyRequest { DisableExpiryAlert = true }, passThru: true);

        Assert.Equal(["GET rotation", "GET alerts", "GET ocsp", "PUT alerts", "GET rotation", "GET alerts", "GET ocsp"], cluster.Calls);
        RECertificatePolicy policy = Assert.IsType<RECertificatePolicy>(Assert.Single(host.Outputs));
        Assert.Null(policy.ExpiryAlertDays);
        Assert.Null(policy.InternalExpiryAlertDays);
        Assert.Equal((false, false), (cluster.Alerts.Cluster!.Enabled, cluster.Alerts.Internal!.Enabled));
    }

    [Fact]
    public void Values_the_cluster_already_holds_send_nothing_and_PassThru_writes_the_policy_as_read()
    {
        FakeClusterClient cluster = Cluster();
        var host = new RecordingHost();

        SetPolicy(host, [cluster.Session()], new CertificatePolicyRequest { RotationEnabled = true, ExpiryAlertDays = 30 }, passThru: true);

        Assert.Equal(["GET rotation", "GET alerts", "GET ocsp"], cluster.Calls);
        Assert.Empty(host.Confirmations);
        Assert.Contains($"The certificate policy of cluster '{Cluster1}' already has the values given; nothing was sent.", host.Verboses);
        RECertificatePolicy policy = Assert.IsType<RECertificatePolicy>(Assert.Single(host.Outputs));
        Assert.Equal(Cluster1, policy.ClusterName);
    }

    [Fact]
    public void A_cluster_whose_version_has_no_job_scheduler_is_its_own_error_and_the_other_cluster_is_changed()
    {
        FakeClusterClient old = new FakeClusterClient(Cluster1).WithoutJobScheduler();
        FakeClusterClient current = Cluster(Cluster2);
        var host = new RecordingHost();

        SetPolicy(host, [old.Session("6.2.18-70"), current.Session()], new CertificatePolicyRequest { RotationEnabled = false });

        Assert.Equal(
            [$"Change the certificate policy of cluster '{Cluster1}': rotation enabled (not reported) -> $false", $"Change the certificate policy of cluster '{Cluster2}': rotation enabled $true -> $false"],
            host.Confirmations.Select(c => c.Description));
        ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal("EndpointNotFound", error.FullyQualifiedErrorId);
        Assert.Equal(Cluster1, error.TargetObject);
        Assert.Contains("the certificate rotation schedule", error.Exception.Message, StringComparison.Ordinal);
        Assert.Null(old.Rotation);
        Assert.False(current.Rotation!.Enabled);
        Assert.DoesNotContain(host.Verboses, v => v.StartsWith($"Cluster '{Cluster1}' took", StringComparison.Ordinal));
        Assert.Contains(host.Verboses, v => v.StartsWith($"Cluster '{Cluster2}' took", StringComparison.Ordinal));
    }

    [Fact]
    public void A_send_that_fails_on_one_of_two_clusters_leaves_the_other_changed()
    {
        FakeClusterClient failing = Cluster(Cluster1);
        failing.Fail = call => call == "PUT alerts" ? new REApiException($"Cluster '{Cluster1}' failed (500).", FailureKind.ResourceUnavailable, "ServerError", 500) : null;
        FakeClusterClient other = Cluster(Cluster2);
        var host = new RecordingHost();

        SetPolicy(host, [failing.Session(), other.Session()], new CertificatePolicyRequest { ExpiryAlertDays = 14 }, passThru: true);

        ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal("ServerError", error.FullyQualifiedErrorId);
        Assert.Equal(Cluster1, error.TargetObject);
        Assert.Equal(30, failing.Alerts.Cluster!.ThresholdDays);
        Assert.Equal(14, other.Alerts.Cluster!.ThresholdDays);
        RECertificatePolicy policy = Assert.IsType<RECertificatePolicy>(Assert.Single(host.Outputs));
        Assert.Equal(Cluster2, policy.ClusterName);
    }

    [Fact]
    public void A_cluster_that_cannot_be_read_is_its_error_in_its_turn_and_is_neither_asked_nor_sent_to()
    {
        FakeClusterClient unreadable = Cluster(Cluster1);
        unreadable.Fail = call => call == "GET alerts" ? new REApiException($"Cluster '{Cluster1}' denied it (403).", FailureKind.PermissionDenied, "PermissionDenied", 403) : null;
        FakeClusterClient other = Cluster(Cluster2);
        var host = new RecordingHost();

        SetPolicy(host, [unreadable.Session(), other.Session()], new CertificatePolicyRequest { RotateDaysBeforeExpiry = 20 });

        Assert.Equal(Cluster1, Assert.Single(host.Errors).TargetObject);
        Assert.Equal([$"Change the certificate policy of cluster '{Cluster2}': rotate days before expiry 60 -> 20"], host.Confirmations.Select(c => c.Description));
        Assert.DoesNotContain(unreadable.Calls, c => c.StartsWith("PUT", StringComparison.Ordinal));
        Assert.Equal(20, other.Rotation!.ExpiryDaysBeforeRotation);
    }

    [Fact]
    public void The_clusters_read_are_told_in_the_sessions_order_an_unreadable_one_in_its_turn()
    {
        // The read step Get-RECertificatePolicy shares: all clusters read at once, then each told in turn.
        FakeClusterClient first = Cluster(Cluster1);
        FakeClusterClient unreadable = Cluster(Cluster2);
        unreadable.Fail = call => call == "GET ocsp" ? new REApiException($"Cluster '{Cluster2}' denied it (403).", FailureKind.PermissionDenied, "PermissionDenied", 403) : null;
        FakeClusterClient last = Cluster("cluster3.example.com");
        var host = new RecordingHost { Answers = RecordingHost.Answer.WhatIf };

        SetPolicy(host, [first.Session(), unreadable.Session(), last.Session()], new CertificatePolicyRequest { RotationEnabled = false });

        Assert.Equal(
        [
            $"WHATIF Change the certificate policy of cluster '{Cluster1}': rotation enabled $true -> $false",
            $"ERROR PermissionDenied: Cluster '{Cluster2}' denied it (403).",
            "WHATIF Change the certificate policy of cluster 'cluster3.example.com': rotation enabled $true -> $false",
        ], host.Transcript.Where(line => !line.StartsWith("VERBOSE", StringComparison.Ordinal)));
    }

    [Fact]
    public void Each_cluster_is_asked_on_its_own_and_one_declined_is_left_as_it_was()
    {
        FakeClusterClient declined = Cluster(Cluster1);
        FakeClusterClient approved = Cluster(Cluster2);
        var host = new RecordingHost { ConfirmWith = description => !description.Contains(Cluster1, StringComparison.Ordinal) };

        SetPolicy(host, [declined.Session(), approved.Session()], new CertificatePolicyRequest { RotationEnabled = false });

        Assert.Equal(2, host.Confirmations.Count);
        Assert.DoesNotContain(declined.Calls, c => c.StartsWith("PUT", StringComparison.Ordinal));
        Assert.Equal(["PUT rotation"], approved.Calls.Where(c => c.StartsWith("PUT", StringComparison.Ordinal)));
    }

    /// <summary>What the cmdlet refuses, by case: the parameters the refusal names, and the values given.</summary>
    private static readonly Dictionary<string, (string Parameters, CertificatePolicyRequest Request)> Refusals = new()
    {
        ["days above 90"] = ("-RotateDaysBeforeExpiry", new CertificatePolicyRequest { RotateDaysBeforeExpiry = 91 }),
        ["days below 1"] = ("-RotateDaysBeforeExpiry", new CertificatePolicyRequest { RotateDaysBeforeExpiry = 0 }),
        ["a four-field schedule"] = ("-RotationSchedule", new CertificatePolicyRequest { RotationSchedule = "0 * * *" }),
        ["a threshold of zero"] = ("-ExpiryAlertDays", new CertificatePolicyRequest { ExpiryAlertDays = 0 }),
        ["-DisableExpiryAlert with a threshold"] = ("-InternalExpiryAlertDays", new CertificatePolicyRequest { DisableExpiryAlert = true, InternalExpiryAlertDays = 10 }),
        ["two bad values"] = ("-RotationSchedule, -ExpiryAlertDays", new CertificatePolicyRequest { RotationSchedule = "every day", ExpiryAlertDays = -1 }),
    };

    public static TheoryData<string> RefusedCases => new(Refusals.Keys);

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public void A_bad_value_stops_the_command_naming_its_parameter_before_any_cluster_is_asked(string refusal)
    {
        (string parameters, CertificatePolicyRequest request) = Refusals[refusal];
        FakeClusterClient cluster = Cluster();
        var host = new RecordingHost();

        Assert.Throws<PipelineStoppedException>(() => SetPolicy(host, [cluster.Session()], request));

        ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal(LifecycleIds.InvalidPolicy, error.FullyQualifiedErrorId);
        Assert.Equal(parameters, error.TargetObject);
        Assert.EndsWith("Nothing was sent.", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(cluster.Calls);
    }

    [Fact]
    public void Nothing_asked_stops_the_command_before_any_cluster_is_asked()
    {
        FakeClusterClient cluster = Cluster();
        var host = new RecordingHost();

        Assert.Throws<PipelineStoppedException>(() => SetPolicy(host, [cluster.Session()], new CertificatePolicyRequest()));

        ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal(LifecycleIds.InvalidPolicy, error.FullyQualifiedErrorId);
        Assert.Null(error.TargetObject);
        Assert.StartsWith("Nothing to change:", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(cluster.Calls);
    }

    /// <summary>A cluster with a rotation job (on, hourly, 60 days) and both alerts on (30 and 45 days).</summary>
    private static FakeClusterClient Cluster(string name = Cluster1) => new(name) { Rotation = new RotationSettings(true, "0 * * * *", 60) };

    /// <summary>As the cmdlet does: Check once bound (BeginProcessing), Run with the sessions gathered (EndProcessing).</summary>
    private static void SetPolicy(RecordingHost host, IReadOnlyList<RESession> sessions, CertificatePolicyRequest request, bool passThru = false)
    {
        var change = new CertificatePolicyChange(host, request);
        change.Check();
        change.Run(sessions, passThru);
    }
}
