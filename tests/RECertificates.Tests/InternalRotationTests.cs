using RECertificates.Cluster;
using RECertificates.Lifecycle;
using RECertificates.Tests.Fakes;

namespace RECertificates.Tests;

/// <summary>
/// Update-REInternalCertificate's work, driven through the host seam against a cluster in memory: the plan names
/// what the health report lists, a declined or -WhatIf prompt sends nothing, each name is one rotation, one that
/// fails does not stop the next, RS200137 refuses a rotation with a node down unless -Force, and -Verify looks for
/// later expiry dates.
/// </summary>
public class InternalRotationTests
{
    private static readonly DateTime Soon = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Later = Soon.AddYears(1);

    private static readonly IReadOnlyList<HealthCertificate> Before = [new("cm", false, Soon), new("syncer", false, Soon)];
    private static readonly IReadOnlyList<HealthCertificate> After = [new("cm", false, Later), new("syncer", false, Later)];

    [Fact]
    public void Under_WhatIf_the_plan_names_what_the_health_report_lists_and_nothing_is_sent()
    {
        var cluster = new FakeClusterClient { Health = Before };
        var host = new RecordingHost { Answers = RecordingHost.Answer.WhatIf };

        new InternalRotation(host, cluster.Session()).Run([], force: false, verify: false, TimeSpan.Zero);

        Assert.Equal(["Regenerate all internal certificates (cm, syncer) on every node of cluster 'cluster1.example.com'"], host.WhatIfs);
        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public void A_yes_sends_one_rotation_per_name_given_each_name_once()
    {
        var cluster = new FakeClusterClient { Health = Before };
        var host = new RecordingHost();

        new InternalRotation(host, cluster.Session()).Run(["cm", "syncer", "CM"], force: false, verify: false, TimeSpan.Zero);

        Assert.Equal(["POST rotate cm", "POST rotate syncer"], cluster.Calls.Where(c => c.StartsWith("POST", StringComparison.Ordinal)));
        Assert.Equal(
            ["Regenerate internal certificate 'cm' on every node of cluster 'cluster1.example.com'", "Regenerate internal certificate 'syncer' on every node of cluster 'cluster1.example.com'"],
            host.Confirmations.Select(c => c.Description));
        Assert.Contains("Cluster 'cluster1.example.com' regenerated internal certificate 'syncer'.", host.Verboses);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void A_declined_prompt_sends_nothing()
    {
        var cluster = new FakeClusterClient { Health = Before };
        var host = new RecordingHost { Answers = RecordingHost.Answer.No };

        new InternalRotation(host, cluster.Session()).Run([], force: false, verify: true, TimeSpan.Zero);

        Assert.Single(host.Confirmations);
        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("POST", StringComparison.Ordinal));
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public void A_rotation_that_fails_is_that_names_error_and_the_next_name_is_still_rotated()
    {
        var cluster = new FakeClusterClient
        {
            Health = Before,
            Fail = call => call == "POST rotate cm" ? new REApiException("Cluster 'cluster1.example.com' refused the rotation of 'cm' (500).", FailureKind.ResourceUnavailable, "ServerError", 500) : null,
        };
        var host = new RecordingHost();

        new InternalRotation(host, cluster.Session()).Run(["cm", "syncer"], force: false, verify: false, TimeSpan.Zero);

        System.Management.Automation.ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal("ServerError", error.FullyQualifiedErrorId);
        Assert.Equal("cm", error.TargetObject);
        Assert.Contains("POST rotate syncer", cluster.Calls);
        Assert.DoesNotContain(host.Verboses, v => v.Contains("regenerated internal certificate 'cm'", StringComparison.Ordinal));
    }

    [Fact]
    public void With_a_node_down_on_a_version_with_RS200137_nothing_is_sent_unless_Force()
    {
        var cluster = new FakeClusterClient { Health = Before, Nodes = [new NodeInfo(1, "127.0.0.1", "active", "8.0.16-1"), new NodeInfo(2, "127.0.0.2", "down", "8.0.16-1")] };
        var host = new RecordingHost();

        new InternalRotation(host, cluster.Session()).Run([], force: false, verify: false, TimeSpan.Zero);

        System.Management.Automation.ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal(LifecycleIds.KnownDefect, error.FullyQualifiedErrorId);
        Assert.Contains("node 2 (127.0.0.2, status 'down')", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(host.Confirmations);
        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("POST", StringComparison.Ordinal));

        var forced = new RecordingHost();
        new InternalRotation(forced, cluster.Session()).Run([], force: true, verify: false, TimeSpan.Zero);

        Assert.Empty(forced.Errors);
        Assert.Contains("-Force: rotating anyway", Assert.Single(forced.Warnings), StringComparison.Ordinal);
        Assert.Contains("POST rotate", cluster.Calls);
    }

    [Fact]
    public void A_version_without_RS200137_does_not_read_the_nodes_first()
    {
        var cluster = new FakeClusterClient { Health = Before, Nodes = [new NodeInfo(1, "127.0.0.1", "down", "8.2.1-10")] };
        var host = new RecordingHost();

        new InternalRotation(host, cluster.Session("8.2.1-10")).Run([], force: false, verify: false, TimeSpan.Zero);

        Assert.DoesNotContain("GET nodes", cluster.Calls);
        Assert.Contains("POST rotate", cluster.Calls);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void Verify_finds_the_later_expiry_dates_in_the_health_report()
    {
        var cluster = new FakeClusterClient().RotatingHealth(Before, After);
        var host = new RecordingHost();

        new InternalRotation(host, cluster.Session()).Run([], force: false, verify: true, TimeSpan.FromSeconds(30));

        Assert.Empty(host.Warnings);
        Assert.Contains(host.Verboses, v => v.StartsWith("Verified: the health report of cluster 'cluster1.example.com' shows every rotated internal certificate with a later expiry date", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_warns_when_the_health_report_still_shows_the_old_dates_or_there_is_none()
    {
        var unchanged = new FakeClusterClient { Health = Before };
        var host = new RecordingHost();
        new InternalRotation(host, unchanged.Session()).Run(["syncer"], force: false, verify: true, TimeSpan.Zero);
        string warning = Assert.Single(host.Warnings);
        Assert.StartsWith("The rotation on cluster 'cluster1.example.com' cannot be verified within 0 s: its health report still shows 'syncer' (valid until 2026-03-01 00:00:00 UTC)", warning, StringComparison.Ordinal);

        var noReport = new FakeClusterClient { Fail = call => call == "GET health" ? new REApiException("Not found (404).", FailureKind.ObjectNotFound, "NotFound", 404) : null };
        var without = new RecordingHost();
        new InternalRotation(without, noReport.Session()).Run([], force: false, verify: true, TimeSpan.Zero);
        Assert.Contains("POST rotate", noReport.Calls);
        Assert.StartsWith("The rotation on cluster 'cluster1.example.com' cannot be verified: it has no health report", Assert.Single(without.Warnings), StringComparison.Ordinal);
    }
}
