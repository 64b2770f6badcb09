using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Tests;

/// <summary>
/// OutcomeResolver alone, over a scripted <see cref="IClusterReadBack"/> instead of the ClusterClient that owns it:
/// after a lost answer it waits for the API, reads back and decides, with the session's one RetryPolicy.
/// </summary>
public class OutcomeResolverReadBackTests
{
    private static readonly string Old = TestCertificates.Rsa().CertificatePem;
    private static readonly string New = TestCertificates.Rsa().CertificatePem;
    private static readonly string Other = TestCertificates.Rsa().CertificatePem;

    private static readonly WriteIntent ProxyOldToNew =
        WriteIntent.Replace([new ClusterCertificateEntry("proxy", New, null)], [new ClusterCertificateEntry("proxy", Old, true, null)]);

    private static AnswerLostException Lost() =>
        new(new REApiException("The connection was lost.", FailureKind.ConnectionError, "ConnectionLost"));

    private static OutcomeResolver Resolver(ScriptedReadBack cluster, int maximumRetryCount = 3)
    {
        ClusterConnectionSettings settings = FakeClusterHandler.Settings(maximumRetryCount);
        settings.ApiWaitBound = TimeSpan.FromSeconds(2);
        return new OutcomeResolver(cluster, new RetryPolicy(maximumRetryCount, TimeSpan.Zero, TimeSpan.Zero), settings);
    }

    /// <summary>A write whose first <paramref name="lost"/> sends lose their answer, counting the sends.</summary>
    private static Func<CancellationToken, Task> Sends(int lost, List<int> sent) => _ =>
    {
        sent.Add(sent.Count + 1);
        return sent.Count <= lost ? throw Lost() : Task.CompletedTask;
    };

    [Fact]
    public async Task A_write_sent_without_trouble_reads_nothing_back()
    {
        var cluster = new ScriptedReadBack();
        var sent = new List<int>();

        bool resolved = await Resolver(cluster).SendAsync(ProxyOldToNew, Sends(0, sent), NullCallLog.Instance, CancellationToken.None);

        Assert.False(resolved);
        Assert.Single(sent);
        Assert.Equal(0, cluster.Waits);
        Assert.Equal(0, cluster.Reads);
    }

    [Fact]
    public async Task A_lost_answer_whose_change_is_in_is_a_success_sent_once()
    {
        var cluster = new ScriptedReadBack { Holds = [new ClusterCertificateEntry("proxy", New, null)] };
        var sent = new List<int>();
        var log = new RecordingCallLog();

        bool resolved = await Resolver(cluster).SendAsync(ProxyOldToNew, Sends(1, sent), log, CancellationToken.None);

        Assert.True(resolved);
        Assert.Single(sent);
        Assert.Equal(1, cluster.Waits);
        Assert.Equal(1, cluster.Reads);
        Assert.Contains("V: Cluster 'c1' (scripted): the answer to the change of certificate 'proxy' was lost (ConnectionLost); the module does not send it again blindly, it reads the certificates back first.", log.Messages);
        Assert.Contains("V: Cluster 'c1' (scripted) holds what was sent: the change of certificate 'proxy' was applied, though its answer was lost.", log.Messages);
    }

    [Fact]
    public async Task A_lost_answer_whose_change_is_not_in_is_sent_again_within_the_policys_count()
    {
        var cluster = new ScriptedReadBack { Holds = [new ClusterCertificateEntry("proxy", Old, null)] };
        var sent = new List<int>();
        var log = new RecordingCallLog();

        bool resolved = await Resolver(cluster, maximumRetryCount: 1).SendAsync(ProxyOldToNew, Sends(1, sent), log, CancellationToken.None);

        Assert.False(resolved);
        Assert.Equal(2, sent.Count);
        Assert.Contains(log.Messages, m => m.EndsWith("sending it once more in 0.0 s (send 2 of at most 2)."));
    }

    [Fact]
    public async Task Once_the_policys_sends_are_spent_it_says_the_cluster_did_not_apply_it()
    {
        var cluster = new ScriptedReadBack { Holds = [new ClusterCertificateEntry("proxy", Old, null)] };
        var sent = new List<int>();

        var failure = await Assert.ThrowsAsync<REApiException>(() => Resolver(cluster, maximumRetryCount: 0).SendAsync(ProxyOldToNew, Sends(1, sent), NullCallLog.Instance, CancellationToken.None));

        Assert.Single(sent);
        Assert.Equal("ConnectionLost", failure.ErrorId);
        Assert.EndsWith("The module read the certificates back: the cluster did not apply certificate 'proxy'.", failure.Message);
    }

    [Fact]
    public async Task Someone_elses_change_meanwhile_is_an_unknown_outcome_and_nothing_is_sent_again()
    {
        var cluster = new ScriptedReadBack { Holds = [new ClusterCertificateEntry("proxy", Other, null)] };
        var sent = new List<int>();

        var failure = await Assert.ThrowsAsync<REApiException>(() => Resolver(cluster).SendAsync(ProxyOldToNew, Sends(1, sent), NullCallLog.Instance, CancellationToken.None));

        Assert.Single(sent);
        Assert.Equal("OutcomeUnknown", failure.ErrorId);
        Assert.Equal(FailureKind.InvalidResult, failure.Kind);
        Assert.Contains("'proxy': holds thumbprint " + ChainFingerprint.Leaf(ChainFingerprint.Of(Other)), failure.Message);
    }

    [Fact]
    public async Task An_API_that_does_not_come_back_is_an_unknown_outcome_without_a_read_back()
    {
        var cluster = new ScriptedReadBack { Answers = false };
        var sent = new List<int>();
        var log = new RecordingCallLog();

        var failure = await Assert.ThrowsAsync<REApiException>(() => Resolver(cluster).SendAsync(ProxyOldToNew, Sends(1, sent), log, CancellationToken.None));

        Assert.Equal("OutcomeUnknown", failure.ErrorId);
        Assert.Equal(FailureKind.ResourceUnavailable, failure.Kind);
        Assert.Contains("its REST API did not answer again within 2 seconds", failure.Message);
        Assert.Equal(TimeSpan.FromSeconds(2), cluster.Bound);
        Assert.Equal(0, cluster.Reads);
        Assert.Equal("P: Waiting for the REST API of Cluster 'c1' (scripted) after the change of certificate 'proxy': done", log.Messages.Last());
    }

    [Fact]
    public async Task A_read_back_that_fails_is_an_unknown_outcome_naming_why()
    {
        var cluster = new ScriptedReadBack { ReadFailure = new REApiException("no", FailureKind.PermissionDenied, "PermissionDenied", 403) };
        var sent = new List<int>();

        var failure = await Assert.ThrowsAsync<REApiException>(() => Resolver(cluster).SendAsync(ProxyOldToNew, Sends(1, sent), NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("OutcomeUnknown", failure.ErrorId);
        Assert.Contains("reading its certificates back failed (PermissionDenied)", failure.Message);
        Assert.Single(sent);
    }

    /// <summary>A cluster that answers (or not) and holds what the test says.</summary>
    private sealed class ScriptedReadBack : IClusterReadBack
    {
        public string Cluster => "Cluster 'c1' (scripted)";

        public bool Answers { get; init; } = true;

        public IReadOnlyList<ClusterCertificateEntry> Holds { get; init; } = [];

        public REApiException? ReadFailure { get; init; }

        public int Waits { get; private set; }

        public int Reads { get; private set; }

        public TimeSpan Bound { get; private set; }

        public Task<bool> WaitForApiAsync(TimeSpan bound, Action<TimeSpan>? elapsed, ICallLog log, CancellationToken cancellationToken)
        {
            Waits++;
            Bound = bound;
            return Task.FromResult(Answers);
        }

        public Task<IReadOnlyList<ClusterCertificateEntry>> GetCertificatesAsync(bool includePrivateKeys, ICallLog log, CancellationToken cancellationToken)
        {
            Reads++;
            return ReadFailure != null ? Task.FromException<IReadOnlyList<ClusterCertificateEntry>>(ReadFailure) : Task.FromResult(Holds);
        }
    }
}
