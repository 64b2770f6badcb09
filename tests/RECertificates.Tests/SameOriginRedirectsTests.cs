using System.Net.Http;
using RECertificates.Cluster;

namespace RECertificates.Tests;

/// <summary>
/// The redirect stage alone, over a scripted next stage: it follows a redirect only to the origin the user connected
/// to, over https, so the Authorization header never reaches another service, and never turns a write into a read.
/// </summary>
public class SameOriginRedirectsTests
{
    private static readonly Uri Origin = new("https://c1.example.com:9443/");

    private static SameOriginRedirects Redirects(StageScript script) => new(Origin, script.SendAsync);

    [Fact]
    public async Task An_answer_that_is_no_redirect_is_handed_back_as_it_came()
    {
        var script = new StageScript().Answer(503, "{\"description\":\"busy\"}");

        using ClusterAnswer answer = await Redirects(script).SendAsync(StageScript.Request(HttpMethod.Get), NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(503, answer.Status);
        Assert.Single(script.Calls);
    }

    [Fact]
    public async Task Follows_a_redirect_to_the_same_origin_within_the_same_try_and_says_so()
    {
        var script = new StageScript().Answer(307, "", "https://c1.example.com:9443/v1/cluster?master=1").Answer(200);
        ClusterRequest request = StageScript.Request(HttpMethod.Get);
        var log = new RecordingCallLog();

        using ClusterAnswer answer = await Redirects(script).SendAsync(request, log, CancellationToken.None);

        Assert.Equal(200, answer.Status);
        Assert.Equal(new Uri("https://c1.example.com:9443/v1/cluster?master=1"), script.Calls[1].Uri);
        Assert.Equal([1, 1], script.Calls.Select(c => c.Attempt));
        Assert.Equal(new Uri("https://c1.example.com:9443/v1/cluster?master=1"), request.Uri);
        Assert.Contains("V: Cluster 'c1' (https://c1.example.com:9443/): following redirect (307) to https://c1.example.com:9443/v1/cluster?master=1.", log.Messages);
    }

    [Fact]
    public async Task A_relative_location_is_taken_from_where_the_request_went()
    {
        var script = new StageScript().Answer(308, "", "/v1/cluster?master=1").Answer(200);

        using ClusterAnswer answer = await Redirects(script).SendAsync(StageScript.Request(HttpMethod.Get), NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(new Uri("https://c1.example.com:9443/v1/cluster?master=1"), script.Calls[1].Uri);
    }

    [Theory]
    [InlineData("https://10.0.0.9:9443/v1/cluster", "another host")]
    [InlineData("https://c1.example.com:9444/v1/cluster", "another host or port")]
    [InlineData("http://c1.example.com:9443/v1/cluster", "not https")]
    public async Task Never_sends_the_credential_to_another_origin_or_over_http(string location, string reason)
    {
        var script = new StageScript().Answer(307, "", location).Answer(200);

        var failure = await Assert.ThrowsAsync<REApiException>(() => Redirects(script).SendAsync(StageScript.Request(HttpMethod.Get), NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("RedirectRefused", failure.ErrorId);
        Assert.Equal(FailureKind.SecurityError, failure.Kind);
        Assert.Contains(reason, failure.Message);
        Assert.Single(script.Calls);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    public async Task A_write_answered_301_302_or_303_is_never_followed(int status)
    {
        var script = new StageScript().Answer(status, "", "https://c1.example.com:9443/v1/cluster/certificates").Answer(200);

        var failure = await Assert.ThrowsAsync<REApiException>(() =>
            Redirects(script).SendAsync(StageScript.Request(HttpMethod.Put, "v1/cluster/certificates"), NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("RedirectRefused", failure.ErrorId);
        Assert.Contains("turn the write into a read", failure.Message);
        Assert.Single(script.Calls);
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_write_redirected_307_or_308_to_the_same_origin_is_followed(int status)
    {
        var script = new StageScript().Answer(status, "", "https://c1.example.com:9443/v1/cluster/certificates?master=1").Answer(200);

        using ClusterAnswer answer = await Redirects(script).SendAsync(StageScript.Request(HttpMethod.Put, "v1/cluster/certificates"), NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(2, script.Calls.Count);
    }

    [Fact]
    public async Task A_redirect_that_does_not_say_where_is_refused()
    {
        var script = new StageScript().Answer(307);

        var failure = await Assert.ThrowsAsync<REApiException>(() => Redirects(script).SendAsync(StageScript.Request(HttpMethod.Get), NullCallLog.Instance, CancellationToken.None));

        Assert.Contains("without saying where", failure.Message);
    }

    [Fact]
    public async Task Stops_after_three_redirects()
    {
        var script = new StageScript();
        for (int i = 0; i < 5; i++)
        {
            script.Answer(307, "", "https://c1.example.com:9443/v1/cluster?hop=" + i);
        }

        var failure = await Assert.ThrowsAsync<REApiException>(() => Redirects(script).SendAsync(StageScript.Request(HttpMethod.Get), NullCallLog.Instance, CancellationToken.None));

        Assert.Contains("too many times", failure.Message);
        Assert.Equal(SameOriginRedirects.MaximumRedirects + 1, script.Calls.Count);
    }

    [Fact]
    public async Task The_redirects_of_earlier_tries_count_towards_the_limit()
    {
        var script = new StageScript().Answer(307, "", "https://c1.example.com:9443/v1/cluster?master=1").Answer(200);
        ClusterRequest request = StageScript.Request(HttpMethod.Get);
        request.Redirects = SameOriginRedirects.MaximumRedirects;

        var failure = await Assert.ThrowsAsync<REApiException>(() => Redirects(script).SendAsync(request, NullCallLog.Instance, CancellationToken.None));

        Assert.Contains("too many times", failure.Message);
    }

    [Fact]
    public async Task The_redirect_answer_is_wiped_once_followed()
    {
        var script = new StageScript().Answer(307, "{\"x\":1}", "https://c1.example.com:9443/v1/cluster?master=1").Answer(200);

        using ClusterAnswer answer = await Redirects(script).SendAsync(StageScript.Request(HttpMethod.Get), NullCallLog.Instance, CancellationToken.None);

        Assert.Equal(0, script.Bodies[0].WrittenCount);
    }
}
