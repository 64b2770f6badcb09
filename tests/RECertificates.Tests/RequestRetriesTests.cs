using System.Net.Http;
using RECertificates.Cluster;

namespace RECertificates.Tests;

/// <summary>
/// The retry stage alone, over a scripted next stage: what it asks again (and how often), what it hands on as a
/// lost answer, and what it gives up on.
/// </summary>
public class RequestRetriesTests
{
    private const string NodesNotUpdated = "{\"error_code\":\"nodes_not_updated\",\"description\":\"node 3 failed\"}";

    private static RequestRetries Retries(StageScript script, int maximumRetryCount = 3) =>
        new(new RetryPolicy(maximumRetryCount, TimeSpan.Zero, TimeSpan.Zero), new ErrorAnswers(FakeClusterHandler.Settings()), script.SendAsync);

    private static ClusterRequest Write() => StageScript.Request(HttpMethod.Put, "v1/cluster/certificates", subject: "certificate 'proxy'");

    private static ClusterRequest Read() => StageScript.Request(HttpMethod.Get);

    private static REApiException Failure(string errorId) => new("the words", FailureKind.ConnectionError, errorId);

    [Fact]
    public async Task A_success_is_returned_at_the_first_try()
    {
        var script = new StageScript().Answer(200, "{\"name\":\"c1\"}");

        using ClusterAnswer answer = await Retries(script).SendAsync(Read(), NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(200, answer.Status);
        Assert.Equal([1], script.Calls.Select(c => c.Attempt));
    }

    [Fact]
    public async Task A_409_to_a_write_is_asked_again_and_every_retry_is_logged()
    {
        var script = new StageScript().Answer(409, NodesNotUpdated, reason: "Conflict").Answer(200);
        var log = new RecordingCallLog();

        using ClusterAnswer answer = await Retries(script).SendAsync(Write(), log, CancellationToken.None);

        Assert.Equal(200, answer.Status);
        Assert.Equal([1, 2], script.Calls.Select(c => c.Attempt));
        Assert.Contains("V: Cluster 'c1' (https://c1.example.com:9443/): attempt 1 of 4 got 409 Conflict (node 3 failed); retrying in 0.0 s.", log.Messages);
    }

    [Fact]
    public async Task A_409_to_a_read_is_not_asked_again()
    {
        var script = new StageScript().Answer(409, NodesNotUpdated).Answer(200);

        var failure = await Assert.ThrowsAsync<REApiException>(() => Retries(script).SendAsync(Read(), NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("ClusterPartiallyUpdated", failure.ErrorId);
        Assert.Single(script.Calls);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_busy_node_is_asked_again_for_a_read(int status)
    {
        var script = new StageScript().Answer(status).Answer(200);

        using ClusterAnswer answer = await Retries(script).SendAsync(Read(), NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(2, script.Calls.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_write_answered_with_a_5xx_after_its_body_was_sent_is_handed_on_as_a_lost_answer_never_resent(int status)
    {
        var script = new StageScript().Answer(status, "{\"error_code\":\"busy\"}").Answer(200);

        var lost = await Assert.ThrowsAsync<AnswerLostException>(() => Retries(script).SendAsync(Write(), NullCallLog.Instance, CancellationToken.None));

        Assert.Single(script.Calls);
        Assert.Equal(status, lost.Failure.StatusCode);
    }

    [Fact]
    public async Task A_lost_503_is_worded_for_the_sends_it_took_in_the_end()
    {
        var script = new StageScript().Answer(503);

        var lost = await Assert.ThrowsAsync<AnswerLostException>(() => Retries(script).SendAsync(Write(), NullCallLog.Instance, CancellationToken.None));

        Assert.Contains("after 1 attempt(s)", lost.Failure.Message);
        Assert.Contains("after 3 attempt(s)", lost.After(3).Message);
    }

    [Fact]
    public async Task A_500_to_a_read_is_not_asked_again()
    {
        var script = new StageScript().Answer(500).Answer(200);

        var failure = await Assert.ThrowsAsync<REApiException>(() => Retries(script).SendAsync(Read(), NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("ClusterError", failure.ErrorId);
        Assert.Single(script.Calls);
    }

    [Fact]
    public async Task The_rotations_400_not_all_nodes_updated_is_asked_again()
    {
        var script = new StageScript().Answer(400).Answer(200);
        ClusterRequest rotation = StageScript.Request(HttpMethod.Post, "v1/cluster/certificates/rotate", ClusterOperation.RotateInternalCertificates, "the internal certificates");

        using ClusterAnswer answer = await Retries(script).SendAsync(rotation, NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(2, script.Calls.Count);
    }

    [Fact]
    public async Task Gives_up_after_MaximumRetryCount_retries_and_counts_the_attempts()
    {
        var script = new StageScript().Answer(409).Answer(409).Answer(409).Answer(200);

        var failure = await Assert.ThrowsAsync<REApiException>(() => Retries(script, maximumRetryCount: 2).SendAsync(Write(), NullCallLog.Instance, CancellationToken.None));

        Assert.Equal(3, script.Calls.Count);
        Assert.Equal("ClusterPartiallyUpdated", failure.ErrorId);
        Assert.Contains("3 attempt(s)", failure.Message);
    }

    [Fact]
    public async Task Never_asks_again_after_a_401()
    {
        var script = new StageScript().Answer(401).Answer(200);

        var failure = await Assert.ThrowsAsync<REApiException>(() => Retries(script, maximumRetryCount: 10).SendAsync(Read(), NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("AuthenticationFailed", failure.ErrorId);
        Assert.Single(script.Calls);
    }

    [Fact]
    public async Task A_read_whose_connection_broke_is_asked_again()
    {
        var script = new StageScript().Throw(new NoAnswerException(Failure("ConnectionLost"), timedOut: false)).Answer(200);
        var log = new RecordingCallLog();

        using ClusterAnswer answer = await Retries(script).SendAsync(Read(), log, CancellationToken.None);

        Assert.Equal([1, 2], script.Calls.Select(c => c.Attempt));
        Assert.Contains(log.Messages, m => m.Contains("attempt 1 of 4 got the connection was lost; retrying in"));
    }

    [Fact]
    public async Task A_read_that_timed_out_is_not_asked_again()
    {
        REApiException timedOut = Failure("RequestTimedOut");
        var script = new StageScript().Throw(new NoAnswerException(timedOut, timedOut: true)).Answer(200);

        var failure = await Assert.ThrowsAsync<REApiException>(() => Retries(script).SendAsync(Read(), NullCallLog.Instance, CancellationToken.None));

        Assert.Same(timedOut, failure);
        Assert.Single(script.Calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_write_left_unanswered_is_handed_on_as_a_lost_answer_never_resent(bool timedOut)
    {
        REApiException words = Failure(timedOut ? "RequestTimedOut" : "ConnectionLost");
        var script = new StageScript().Throw(new NoAnswerException(words, timedOut)).Answer(200);

        var lost = await Assert.ThrowsAsync<AnswerLostException>(() => Retries(script).SendAsync(Write(), NullCallLog.Instance, CancellationToken.None));

        Assert.Same(words, lost.Failure);
        Assert.Single(script.Calls);
    }

    [Fact]
    public async Task A_failure_before_anything_was_sent_is_not_asked_again()
    {
        REApiException unreachable = Failure("ClusterUnreachable");
        var script = new StageScript().Throw(unreachable).Answer(200);

        var failure = await Assert.ThrowsAsync<REApiException>(() => Retries(script).SendAsync(Write(), NullCallLog.Instance, CancellationToken.None));

        Assert.Same(unreachable, failure);
        Assert.Single(script.Calls);
    }

    [Fact]
    public async Task Every_answer_it_does_not_return_is_wiped()
    {
        var script = new StageScript().Answer(503, "{\"description\":\"busy\"}").Answer(200, "{\"name\":\"c1\"}");

        using ClusterAnswer answer = await Retries(script).SendAsync(Read(), NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(0, script.Bodies[0].WrittenCount);
        Assert.NotEqual(0, script.Bodies[1].WrittenCount);
    }
}
