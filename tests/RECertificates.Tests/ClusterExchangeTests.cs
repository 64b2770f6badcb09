using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using RECertificates.Cluster;

namespace RECertificates.Tests;

/// <summary>
/// The exchange stage alone, over a scripted HTTP handler: one send, shaped as the cluster expects, and its answer
/// read and logged, whatever it says. It follows, retries and interprets nothing.
/// </summary>
public class ClusterExchangeTests
{
    private static readonly string ExpectedBasic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ops@example.com:Passw0rd!"));

    private static ClusterExchange Exchange(FakeClusterHandler handler, CancellationToken closed = default) =>
        new(FakeClusterHandler.Settings(), handler.CreateHttpClient, closed);

    [Fact]
    public async Task Sends_the_credential_and_asks_for_JSON_once_and_hands_back_any_answer_as_it_came()
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.ServiceUnavailable, "{\"description\":\"busy\"}", "https://c1.example.com:9443/elsewhere");

        using ClusterAnswer answer = await Exchange(handler).SendAsync(StageScript.Request(HttpMethod.Get), NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(503, answer.Status);
        Assert.Equal("Service Unavailable", answer.Reason);
        Assert.Equal(new Uri("https://c1.example.com:9443/elsewhere"), answer.Location);
        Assert.Equal("{\"description\":\"busy\"}", Encoding.UTF8.GetString(answer.Body));
        Assert.Single(handler.Requests);
        Assert.Equal(ExpectedBasic, handler.Requests[0].Authorization);
        Assert.Contains(handler.LastHeaders!.Accept, a => a.MediaType == "application/json");
    }

    [Fact]
    public async Task A_write_carries_its_body_and_is_shaped_to_be_sent_once_a_read_is_not()
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.OK).Answer(HttpStatusCode.OK);
        using var body = new ClearingBufferWriter();
        byte[] json = Encoding.UTF8.GetBytes("{\"certificates\":[]}");
        json.CopyTo(body.GetSpan(json.Length));
        body.Advance(json.Length);
        var write = new ClusterRequest(ClusterOperation.UpdateCertificates, HttpMethod.Put, new Uri("https://c1.example.com:9443/v1/cluster/certificates"), body,
            "certificate 'proxy'", "Cluster 'c1' (https://c1.example.com:9443/)", TimeSpan.FromSeconds(10));

        using (await Exchange(handler).SendAsync(write, NullCallLog.Instance, CancellationToken.None))
        {
            Assert.Equal("{\"certificates\":[]}", handler.Requests[0].Body);
            Assert.True(handler.LastHeaders!.ConnectionClose);
            Assert.False(handler.LastHeaders.ExpectContinue);
        }

        using (await Exchange(handler).SendAsync(StageScript.Request(HttpMethod.Get), NullCallLog.Instance, CancellationToken.None))
        {
            Assert.Null(handler.Requests[1].Body);
            Assert.NotEqual(true, handler.LastHeaders!.ConnectionClose);
        }
    }

    [Fact]
    public async Task Logs_one_line_per_answer_naming_a_later_try()
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.Conflict).Answer(HttpStatusCode.Conflict);
        var log = new RecordingCallLog();
        ClusterRequest request = StageScript.Request(HttpMethod.Put, "v1/cluster/certificates");

        using (await Exchange(handler).SendAsync(request, log, CancellationToken.None))
        {
        }

        request.Attempt = 2;
        using (await Exchange(handler).SendAsync(request, log, CancellationToken.None))
        {
        }

        Assert.Matches(@"^V: PUT https://c1\.example\.com:9443/v1/cluster/certificates -> 409 Conflict in \d+ ms$", log.Messages[0]);
        Assert.Matches(@"^V: PUT https://c1\.example\.com:9443/v1/cluster/certificates -> 409 Conflict in \d+ ms \(attempt 2\)$", log.Messages[1]);
        Assert.Equal(2, log.Messages.Count);
    }

    [Fact]
    public async Task Shows_a_successful_read_answer_in_debug_redacted_but_never_a_writes()
    {
        var handler = new FakeClusterHandler()
            .Answer(HttpStatusCode.OK, "{\"api_cert\":\"C\",\"api_key\":\"-----BEGIN PRIVATE KEY-----K\"}")
            .Answer(HttpStatusCode.OK, "{\"written\":true}");
        var log = new RecordingCallLog();

        using (await Exchange(handler).SendAsync(StageScript.Request(HttpMethod.Get, "v1/cluster/certificates"), log, CancellationToken.None))
        {
        }

        using (await Exchange(handler).SendAsync(StageScript.Request(HttpMethod.Put, "v1/cluster/certificates"), log, CancellationToken.None))
        {
        }

        string debug = Assert.Single(log.Messages, m => m.StartsWith("D: "));
        Assert.StartsWith("D: GET https://c1.example.com:9443/v1/cluster/certificates answer: ", debug);
        Assert.Contains(JsonRedactor.Placeholder, debug);
        Assert.DoesNotContain("-----BEGIN PRIVATE KEY-----K", debug);
    }

    [Fact]
    public async Task No_answer_within_the_deadline_is_unanswered_and_timed_out()
    {
        var handler = new FakeClusterHandler().Hang();
        var log = new RecordingCallLog();

        var unanswered = await Assert.ThrowsAsync<NoAnswerException>(() =>
            Exchange(handler).SendAsync(StageScript.Request(HttpMethod.Put, "v1/cluster/certificates", timeout: TimeSpan.FromMilliseconds(100)), log, CancellationToken.None));

        Assert.True(unanswered.TimedOut);
        Assert.Equal("RequestTimedOut", unanswered.Failure.ErrorId);
        Assert.Contains("The cluster may still apply the change", unanswered.Failure.Message);
        Assert.Equal(["V: PUT https://c1.example.com:9443/v1/cluster/certificates -> no answer within 0.1 s"], log.Messages);
    }

    [Fact]
    public async Task A_connection_that_broke_after_it_was_made_is_unanswered()
    {
        var handler = new FakeClusterHandler().Throw(new HttpRequestException("reset", new IOException("The response ended prematurely.")));
        var log = new RecordingCallLog();

        var unanswered = await Assert.ThrowsAsync<NoAnswerException>(() => Exchange(handler).SendAsync(StageScript.Request(HttpMethod.Get), log, CancellationToken.None));

        Assert.False(unanswered.TimedOut);
        Assert.Equal("ConnectionLost", unanswered.Failure.ErrorId);
        Assert.StartsWith("The connection to cluster 'c1' (https://c1.example.com:9443/) was lost during the request for the cluster's details", unanswered.Failure.Message);
        Assert.Matches(@"^V: GET https://c1\.example\.com:9443/v1/cluster -> ConnectionLost after \d+ ms$", Assert.Single(log.Messages));
    }

    [Fact]
    public async Task A_cluster_never_reached_is_a_plain_failure_not_an_unanswered_request()
    {
        var handler = new FakeClusterHandler().Throw(new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));

        var failure = await Assert.ThrowsAsync<REApiException>(() => Exchange(handler).SendAsync(StageScript.Request(HttpMethod.Put, "v1/cluster/certificates"), NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("ClusterUnreachable", failure.ErrorId);
    }

    [Fact]
    public async Task An_answer_larger_than_any_certificate_list_is_refused()
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.OK, new string('a', ClusterExchange.MaximumResponseBytes + 1));

        var failure = await Assert.ThrowsAsync<REApiException>(() => Exchange(handler).SendAsync(StageScript.Request(HttpMethod.Get), NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("InvalidResponse", failure.ErrorId);
        Assert.Contains("(16 MiB)", failure.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        var handler = new FakeClusterHandler().Hang();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Exchange(handler).SendAsync(StageScript.Request(HttpMethod.Get), NullCallLog.Instance, cancel.Token));
    }

    [Fact]
    public async Task Closing_the_session_ends_a_request_in_flight_as_unanswered()
    {
        var handler = new FakeClusterHandler().Hang();
        using var closed = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var unanswered = await Assert.ThrowsAsync<NoAnswerException>(() => Exchange(handler, closed.Token).SendAsync(StageScript.Request(HttpMethod.Get), NullCallLog.Instance, CancellationToken.None));

        Assert.True(unanswered.TimedOut);
    }
}
