using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Tests;

/// <summary>
/// A write whose answer is lost is resolved by reading back, never by sending it blindly again: these run the
/// whole path (transport, wait for the API, read-back, comparison) over a scripted handler.
/// </summary>
public class OutcomeResolverTests
{
    private static readonly string Old = TestCertificates.Rsa().CertificatePem;
    private static readonly string New = TestCertificates.Rsa().CertificatePem;
    private static readonly string Other = TestCertificates.Rsa().CertificatePem;

    private static readonly IReadOnlyCollection<ClusterCertificateEntry> HeldOld = [new ClusterCertificateEntry("proxy", Old, true, null)];

    private static HttpRequestException Dropped() => new("The response ended prematurely.", new IOException("connection closed"));

    private static HttpRequestException Refused() => new("Connection refused", new SocketException((int)SocketError.ConnectionRefused));

    private static string Holding(string name, string pem) => JsonSerializer.Serialize(new Dictionary<string, string> { [name + "_cert"] = pem });

    /// <summary>A write whose connection drops, then an API that answers and holds <paramref name="pem"/> as <paramref name="name"/>.</summary>
    private static FakeClusterHandler LostThenHolding(string name, string pem) => new FakeClusterHandler()
        .Throw(Dropped())
        .Answer(HttpStatusCode.OK, "{\"name\":\"c1\"}")
        .Answer(HttpStatusCode.OK, Holding(name, pem));

    private static ClusterClient Client(FakeClusterHandler handler, int maximumRetryCount = 3)
    {
        ClusterClient client = FakeClusterHandler.CreateClient(handler, maximumRetryCount);
        client.Settings.ApiWaitBound = TimeSpan.FromSeconds(2);
        return client;
    }

    private static int Count(FakeClusterHandler handler, HttpMethod method) => handler.Requests.Count(r => r.Method == method);

    [Fact]
    public async Task A_write_applied_before_its_connection_dropped_is_a_success_sent_once()
    {
        var handler = LostThenHolding("proxy", New);
        using ClusterClient client = Client(handler);
        var log = new RecordingCallLog();

        await client.PutCertificatesAsync([new ClusterCertificateEntry("proxy", New, null)], HeldOld, log, CancellationToken.None);

        Assert.Equal(1, Count(handler, HttpMethod.Put));
        Assert.Contains(log.Messages, m => m.StartsWith("V: ") && m.Contains("was applied, though its answer was lost"));
    }

    [Theory]
    [InlineData(SocketError.Shutdown)]
    [InlineData(SocketError.ConnectionReset)]
    public async Task A_socket_that_breaks_after_connecting_is_a_lost_answer_not_an_unreachable_cluster(SocketError error)
    {
        var handler = new FakeClusterHandler()
            .Throw(new HttpRequestException("broken", new IOException("broken", new SocketException((int)error))))
            .Answer(HttpStatusCode.OK, "{\"name\":\"c1\"}")
            .Answer(HttpStatusCode.OK, Holding("proxy", New));
        using ClusterClient client = Client(handler);

        await client.PutCertificatesAsync([new ClusterCertificateEntry("proxy", New, null)], HeldOld, NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(1, Count(handler, HttpMethod.Put));
    }

    [Fact]
    public async Task A_write_that_never_connected_is_reported_as_unreachable_without_a_read_back()
    {
        var handler = new FakeClusterHandler().Throw(Refused());
        using ClusterClient client = Client(handler);

        var failure = await Assert.ThrowsAsync<REApiException>(() =>
            client.PutCertificatesAsync([new ClusterCertificateEntry("proxy", New, null)], HeldOld, NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("ClusterUnreachable", failure.ErrorId);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task The_legacy_update_is_resolved_the_same_way()
    {
        var handler = LostThenHolding("proxy", Old)
            .Answer(HttpStatusCode.OK);
        using ClusterClient client = Client(handler);

        await client.UpdateCertificateLegacyAsync(new ClusterCertificateEntry("proxy", New, null), HeldOld, NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(2, Count(handler, HttpMethod.Put));
        Assert.All(handler.Requests.Where(r => r.Method == HttpMethod.Put), r => Assert.EndsWith("/v1/cluster/update_cert", r.Uri.ToString()));
    }

    [Fact]
    public async Task A_delete_whose_certificate_is_gone_afterwards_succeeded()
    {
        var handler = LostThenHolding("api", Other);
        using ClusterClient client = Client(handler);

        await client.DeleteCertificateAsync("ldap_client", [new ClusterCertificateEntry("ldap_client", Old, true, null)], NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(1, Count(handler, HttpMethod.Delete));
    }

    [Fact]
    public async Task A_write_that_was_not_applied_and_nothing_else_changed_is_sent_once_more()
    {
        var handler = LostThenHolding("proxy", Old)
            .Answer(HttpStatusCode.OK);
        using ClusterClient client = Client(handler);
        var log = new RecordingCallLog();

        await client.PutCertificatesAsync([new ClusterCertificateEntry("proxy", New, null)], HeldOld, log, CancellationToken.None);

        Assert.Equal(2, Count(handler, HttpMethod.Put));
        Assert.Contains(log.Messages, m => m.Contains("did not apply certificate 'proxy'") && m.Contains("sending it once more"));
    }

    [Fact]
    public async Task When_the_API_never_comes_back_the_outcome_is_unknown_and_nothing_is_sent_again()
    {
        var handler = new FakeClusterHandler().Throw(Dropped());
        for (int i = 0; i < 200; i++)
        {
            handler.Throw(Refused());
        }

        using ClusterClient client = Client(handler);
        client.Settings.ApiWaitBound = TimeSpan.FromSeconds(1.5);
        var log = new RecordingCallLog();

        var failure = await Assert.ThrowsAsync<REApiException>(() =>
            client.PutCertificatesAsync([new ClusterCertificateEntry("proxy", New, null)], HeldOld, log, CancellationToken.None));

        Assert.Equal("OutcomeUnknown", failure.ErrorId);
        Assert.Contains("'proxy'", failure.Message);
        Assert.Contains("did not answer again within 2 seconds", failure.Message);
        Assert.Equal(1, Count(handler, HttpMethod.Put));
        Assert.Contains(log.Messages, m => m.StartsWith("P: ") && m.EndsWith("done"));
    }

    [Fact]
    public async Task A_certificate_someone_else_changed_meanwhile_is_an_unknown_outcome_naming_each_certificate()
    {
        var handler = LostThenHolding("proxy", Other);
        using ClusterClient client = Client(handler);

        var failure = await Assert.ThrowsAsync<REApiException>(() =>
            client.PutCertificatesAsync([new ClusterCertificateEntry("proxy", New, null)], HeldOld, NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("OutcomeUnknown", failure.ErrorId);
        Assert.Contains("'proxy': holds thumbprint " + ChainFingerprint.Leaf(ChainFingerprint.Of(Other)), failure.Message);
        Assert.Equal(1, Count(handler, HttpMethod.Put));
    }

    [Fact]
    public async Task A_503_on_a_write_is_read_back_and_reported_as_the_cluster_answered_once_the_sends_are_spent()
    {
        var handler = new FakeClusterHandler();
        for (int i = 0; i < 2; i++)
        {
            handler.Answer(HttpStatusCode.ServiceUnavailable, "{\"error_code\":\"service_unavailable\"}")
                .Answer(HttpStatusCode.OK, "{\"name\":\"c1\"}")
                .Answer(HttpStatusCode.OK, Holding("proxy", Old));
        }

        using ClusterClient client = Client(handler, maximumRetryCount: 1);

        var failure = await Assert.ThrowsAsync<REApiException>(() =>
            client.PutCertificatesAsync([new ClusterCertificateEntry("proxy", New, null)], HeldOld, NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("ClusterUnavailable", failure.ErrorId);
        Assert.Contains("after 2 attempt(s)", failure.Message);
        Assert.Contains("did not apply", failure.Message);
        Assert.Equal(2, Count(handler, HttpMethod.Put));
    }

    [Fact]
    public async Task A_timed_out_write_is_read_back_before_anything_else()
    {
        var handler = new FakeClusterHandler()
            .Hang()
            .Answer(HttpStatusCode.OK, "{\"name\":\"c1\"}")
            .Answer(HttpStatusCode.OK, Holding("proxy", New));
        using ClusterClient client = FakeClusterHandler.CreateClient(handler, timeout: TimeSpan.FromMilliseconds(200));

        await client.PutCertificatesAsync([new ClusterCertificateEntry("proxy", New, null)], HeldOld, NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(1, Count(handler, HttpMethod.Put));
    }

    [Theory]
    [InlineData(HttpStatusCode.MovedPermanently)]
    [InlineData(HttpStatusCode.Found)]
    [InlineData(HttpStatusCode.SeeOther)]
    public async Task A_write_answered_301_302_or_303_is_never_followed(HttpStatusCode status)
    {
        var handler = new FakeClusterHandler().Answer(status, "", "https://c1.example.com:9443/v1/cluster/certificates");
        using ClusterClient client = Client(handler);

        var failure = await Assert.ThrowsAsync<REApiException>(() =>
            client.PutCertificatesAsync([new ClusterCertificateEntry("proxy", New, null)], HeldOld, NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("RedirectRefused", failure.ErrorId);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_delete_carries_an_empty_body_so_the_HTTP_stack_never_resends_it_on_its_own()
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.OK);
        using ClusterClient client = Client(handler);

        await client.DeleteCertificateAsync("ldap_client", [], NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(string.Empty, handler.Requests[0].Body);
        Assert.True(handler.LastHeaders!.ConnectionClose);
        Assert.False(handler.LastHeaders.ExpectContinue);
    }
}
