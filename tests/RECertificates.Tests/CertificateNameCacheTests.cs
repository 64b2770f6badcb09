using RECertificates.Cluster;
using RECertificates.Completion;

namespace RECertificates.Tests;

public class CertificateNameCacheTests
{
    private static readonly IReadOnlyList<string> Known = ["api", "proxy", "sso_issuer", "sso_service"];

    private DateTime _now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private CertificateNameCache NewCache(TimeSpan? timeLimit = null) =>
        new CertificateNameCache(TimeSpan.FromSeconds(30), timeLimit ?? TimeSpan.FromSeconds(10), () => _now);

    private static Func<object, CancellationToken, Task<IReadOnlyList<string>>> Answer(params string[] names) =>
        (_, _) => Task.FromResult<IReadOnlyList<string>>(names);

    [Fact]
    public void Returns_the_cluster_s_names_sorted()
    {
        Assert.Equal(["api", "cm", "sso_service"], NewCache().GetNames([new object()], Answer("sso_service", "api", "cm"), Known));
    }

    [Fact]
    public void Asks_the_cluster_once_within_the_lifetime_and_again_after_it()
    {
        var cache = NewCache();
        var session = new object();
        int asked = 0;
        Func<object, CancellationToken, Task<IReadOnlyList<string>>> fetch = (_, _) =>
        {
            Interlocked.Increment(ref asked);
            return Task.FromResult<IReadOnlyList<string>>(["api"]);
        };

        cache.GetNames([session], fetch, Known);
        _now = _now.AddSeconds(29);
        cache.GetNames([session], fetch, Known);
        Assert.Equal(1, asked);

        _now = _now.AddSeconds(2);
        cache.GetNames([session], fetch, Known);
        Assert.Equal(2, asked);
    }

    [Fact]
    public void Keeps_each_session_apart()
    {
        var cache = NewCache();
        object first = new object(), second = new object();
        Assert.Equal(["ldap_client"], cache.GetNames([first], Answer("ldap_client"), Known));
        Assert.Equal(["mtls_trusted_ca"], cache.GetNames([second], Answer("mtls_trusted_ca"), Known));
        Assert.Equal(["ldap_client", "mtls_trusted_ca"], cache.GetNames([first, second], Answer("unused"), Known));
    }

    [Fact]
    public async Task Gives_the_fallback_when_the_cluster_does_not_answer_in_time_and_cancels_the_request()
    {
        var cache = NewCache(TimeSpan.FromMilliseconds(100));
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<object, CancellationToken, Task<IReadOnlyList<string>>> hang = async (_, token) =>
        {
            using (token.Register(() => cancelled.TrySetResult(true)))
            {
                await Task.Delay(Timeout.Infinite, token);
            }

            return ["never"];
        };

        Assert.Equal(Known, cache.GetNames([new object()], hang, Known));
        Task first = await Task.WhenAny(cancelled.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(first == cancelled.Task, "the request was not cancelled at the time limit");
    }

    [Fact]
    public void Gives_the_fallback_when_the_request_fails_and_remembers_the_failure()
    {
        var cache = NewCache();
        var session = new object();
        int asked = 0;
        Func<object, CancellationToken, Task<IReadOnlyList<string>>> failing = (_, _) =>
        {
            Interlocked.Increment(ref asked);
            throw new REApiException("the cluster is down", FailureKind.ConnectionError, "ClusterUnreachable");
        };

        Assert.Equal(Known, cache.GetNames([session], failing, Known));
        Assert.Equal(Known, cache.GetNames([session], failing, Known));
        Assert.Equal(1, asked);
    }

    [Fact]
    public void Combines_a_failing_cluster_s_fallback_with_another_cluster_s_names()
    {
        var cache = NewCache();
        object healthy = new object(), broken = new object();
        Func<object, CancellationToken, Task<IReadOnlyList<string>>> fetch = (session, _) => session == healthy
            ? Task.FromResult<IReadOnlyList<string>>(["ldap_client"])
            : Task.FromException<IReadOnlyList<string>>(new InvalidOperationException("boom"));

        Assert.Equal(["api", "ldap_client", "proxy", "sso_issuer", "sso_service"], cache.GetNames([healthy, broken], fetch, Known));
    }
}
