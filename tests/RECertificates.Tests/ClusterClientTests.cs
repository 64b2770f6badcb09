using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security;
using System.Text;
using System.Text.Json;
using RECertificates.Cluster;

namespace RECertificates.Tests;

public class ClusterClientTests
{
    private const string CertificatesJson = "{\"api_cert\":\"-----BEGIN CERTIFICATE-----A\",\"api_key\":\"-----BEGIN PRIVATE KEY-----K\",\"mtls_trusted_ca_cert\":\"-----BEGIN CERTIFICATE-----B\",\"proxy_cert\":\"\"}";

    private static readonly string ExpectedBasic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ops@example.com:Passw0rd!"));

    [Fact]
    public async Task Sends_the_credential_with_the_first_request_and_reads_the_cluster_name()
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.OK, "{\"name\":\"c1.example.com\"}");
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);

        ClusterInfo info = await client.GetClusterAsync(NullCallLog.Instance, CancellationToken.None);

        Assert.Equal("c1.example.com", info.Name);
        Assert.Single(handler.Requests);
        Assert.Equal("https://c1.example.com:9443/v1/cluster", handler.Requests[0].Uri.ToString());
        Assert.Equal(ExpectedBasic, handler.Requests[0].Authorization);
    }

    [Fact]
    public async Task Never_retries_a_401()
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.Unauthorized, "{\"error_code\":\"unauthorized\",\"description\":\"bad\"}");
        using ClusterClient client = FakeClusterHandler.CreateClient(handler, maximumRetryCount: 10);

        var failure = await Assert.ThrowsAsync<REApiException>(() => client.GetClusterAsync(NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("AuthenticationFailed", failure.ErrorId);
        Assert.Single(handler.Requests);
        Assert.DoesNotContain("Passw0rd", failure.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_401_is_a_refused_login_whatever_was_asked(bool readCertificates)
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.Unauthorized, "{}");
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);

        var failure = await Assert.ThrowsAsync<REApiException>(() => readCertificates
            ? client.GetCertificatesAsync(false, NullCallLog.Instance, CancellationToken.None)
            : client.GetClusterAsync(NullCallLog.Instance, CancellationToken.None));

        Assert.Equal("AuthenticationFailed", failure.ErrorId);
        Assert.Equal(FailureKind.AuthenticationFailed, failure.Kind);
        Assert.Equal(401, failure.StatusCode);
        Assert.Contains("five failed logins", failure.Message);
    }

    [Fact]
    public async Task Retries_a_409_on_a_write_and_logs_every_retry()
    {
        var handler = new FakeClusterHandler()
            .Answer(HttpStatusCode.Conflict, "{\"error_code\":\"nodes_not_updated\",\"description\":\"node 3 failed\"}")
            .Answer(HttpStatusCode.OK);
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);
        var log = new RecordingCallLog();

        await client.PutCertificatesAsync([new ClusterCertificateEntry("proxy", "CERT", null)], [], log, CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(handler.Requests[0].Body, handler.Requests[1].Body);
        Assert.Contains(log.Messages, m => m.Contains("attempt 1 of 4 got 409") && m.Contains("node 3 failed"));
    }

    [Fact]
    public async Task Gives_up_after_MaximumRetryCount_and_says_the_cluster_may_be_partly_updated()
    {
        var handler = new FakeClusterHandler();
        for (int i = 0; i < 3; i++)
        {
            handler.Answer(HttpStatusCode.Conflict, "{\"error_code\":\"nodes_not_updated\"}");
        }

        using ClusterClient client = FakeClusterHandler.CreateClient(handler, maximumRetryCount: 2);
        var failure = await Assert.ThrowsAsync<REApiException>(() =>
            client.PutCertificatesAsync([new ClusterCertificateEntry("proxy", "CERT", null)], [], NullCallLog.Instance, CancellationToken.None));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal("ClusterPartiallyUpdated", failure.ErrorId);
        Assert.Contains("3 attempt(s)", failure.Message);
        Assert.Contains("partly updated", failure.Message);
    }

    [Fact]
    public async Task Retries_a_lost_connection_then_succeeds()
    {
        var handler = new FakeClusterHandler()
            .Throw(new HttpRequestException("reset", new IOException("The response ended prematurely.")))
            .Answer(HttpStatusCode.OK, "{\"name\":\"c1\"}");
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);

        Assert.Equal("c1", (await client.GetClusterAsync(NullCallLog.Instance, CancellationToken.None)).Name);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Does_not_retry_a_refused_connection()
    {
        var handler = new FakeClusterHandler().Throw(new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);

        var failure = await Assert.ThrowsAsync<REApiException>(() => client.GetClusterAsync(NullCallLog.Instance, CancellationToken.None));
        Assert.Equal("ClusterUnreachable", failure.ErrorId);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_request_past_its_deadline_is_a_clear_timeout()
    {
        var handler = new FakeClusterHandler().Hang();
        using ClusterClient client = FakeClusterHandler.CreateClient(handler, timeout: TimeSpan.FromMilliseconds(200));

        var failure = await Assert.ThrowsAsync<REApiException>(() => client.GetClusterAsync(NullCallLog.Instance, CancellationToken.None));
        Assert.Equal("RequestTimedOut", failure.ErrorId);
        Assert.Equal(FailureKind.Timeout, failure.Kind);
        Assert.Contains("-TimeoutSec", failure.Message);
    }

    [Fact]
    public async Task Cancellation_is_not_reported_as_a_timeout()
    {
        var handler = new FakeClusterHandler().Hang();
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetClusterAsync(NullCallLog.Instance, cancel.Token));
    }

    [Fact]
    public async Task Follows_a_redirect_on_the_same_host_over_https()
    {
        var handler = new FakeClusterHandler()
            .Answer(HttpStatusCode.TemporaryRedirect, "", "https://c1.example.com:9443/v1/cluster?master=1")
            .Answer(HttpStatusCode.OK, "{\"name\":\"c1\"}");
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);

        await client.GetClusterAsync(NullCallLog.Instance, CancellationToken.None);

        Assert.Equal("https://c1.example.com:9443/v1/cluster?master=1", handler.Requests[1].Uri.ToString());
        Assert.Equal(ExpectedBasic, handler.Requests[1].Authorization);
    }

    [Theory]
    [InlineData("https://10.0.0.9:9443/v1/cluster", "another host")]
    [InlineData("https://c1.example.com:9444/v1/cluster", "another host or port")]
    [InlineData("http://c1.example.com:9443/v1/cluster", "not https")]
    public async Task Never_carries_the_credential_to_another_host_or_over_http(string location, string reason)
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.TemporaryRedirect, "", location);
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);

        var failure = await Assert.ThrowsAsync<REApiException>(() => client.GetClusterAsync(NullCallLog.Instance, CancellationToken.None));
        Assert.Equal("RedirectRefused", failure.ErrorId);
        Assert.Contains(reason, failure.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Writes_the_documented_body_and_leaves_the_key_out_for_keyless_names()
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.OK);
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);
        using SecureString key = Secure("-----BEGIN PRIVATE KEY-----\nabc+/=\n-----END PRIVATE KEY-----");
        var log = new RecordingCallLog();

        await client.PutCertificatesAsync([new ClusterCertificateEntry("proxy", "P", key), new ClusterCertificateEntry("mtls_trusted_ca", "CA", null)], [], log, CancellationToken.None);

        using JsonDocument body = JsonDocument.Parse(handler.Requests[0].Body!);
        JsonElement[] items = body.RootElement.GetProperty("certificates").EnumerateArray().ToArray();
        Assert.Equal("proxy", items[0].GetProperty("name").GetString());
        Assert.Equal("P", items[0].GetProperty("certificate").GetString());
        Assert.Equal("-----BEGIN PRIVATE KEY-----\nabc+/=\n-----END PRIVATE KEY-----", items[0].GetProperty("key").GetString());
        Assert.False(items[1].TryGetProperty("key", out _));
        Assert.Equal(HttpMethod.Put, handler.Requests[0].Method);
        Assert.Equal("https://c1.example.com:9443/v1/cluster/certificates", handler.Requests[0].Uri.ToString());
        Assert.DoesNotContain(log.Messages, m => m.Contains("abc+/="));
        Assert.Contains(log.Messages, m => m.StartsWith("D: ") && m.Contains(JsonRedactor.Placeholder));
    }

    [Fact]
    public async Task The_legacy_update_sends_one_flat_object()
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.OK);
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);
        using SecureString key = Secure("K");

        await client.UpdateCertificateLegacyAsync(new ClusterCertificateEntry("api", "C", key), [], NullCallLog.Instance, CancellationToken.None);

        Assert.Equal("https://c1.example.com:9443/v1/cluster/update_cert", handler.Requests[0].Uri.ToString());
        Assert.Equal("{\"name\":\"api\",\"certificate\":\"C\",\"key\":\"K\"}", handler.Requests[0].Body);
    }

    [Fact]
    public async Task Escapes_the_name_in_a_delete()
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.OK);
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);

        await client.DeleteCertificateAsync("a b/c", [], NullCallLog.Instance, CancellationToken.None);

        Assert.Equal("/v1/cluster/certificates/a%20b%2Fc", handler.Requests[0].Uri.AbsolutePath);
    }

    [Fact]
    public void Reads_certificates_and_keeps_keys_secure_only_when_asked()
    {
        var body = new ArraySegment<byte>(Encoding.UTF8.GetBytes(CertificatesJson));

        IReadOnlyList<ClusterCertificateEntry> withoutKeys = ClusterClient.ReadCertificates(body, includePrivateKeys: false, "GET");
        Assert.Equal(["api", "mtls_trusted_ca"], withoutKeys.Select(e => e.Name).ToArray());
        Assert.True(withoutKeys[0].HasKey);
        Assert.Null(withoutKeys[0].Key);
        Assert.False(withoutKeys[1].HasKey);

        IReadOnlyList<ClusterCertificateEntry> withKeys = ClusterClient.ReadCertificates(body, includePrivateKeys: true, "GET");
        Assert.Equal("-----BEGIN PRIVATE KEY-----K", new NetworkCredential("", withKeys[0].Key).Password);
    }

    [Theory]
    [InlineData("<html><body>Cluster Manager</body></html>", "it is not JSON")]
    [InlineData("{\"uid\":1}", "it has no cluster 'name'")]
    public async Task A_cluster_answer_that_is_not_the_REST_API_is_a_clear_error(string body, string why)
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.OK, body);
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);

        var failure = await Assert.ThrowsAsync<REApiException>(() => client.GetClusterAsync(NullCallLog.Instance, CancellationToken.None));
        Assert.Equal("InvalidResponse", failure.ErrorId);
        Assert.Contains(why, failure.Message);
        Assert.Contains("port 9443", failure.Message);
    }

    [Fact]
    public void An_answer_that_is_not_the_certificate_object_is_a_clear_error()
    {
        var failure = Assert.Throws<REApiException>(() => ClusterClient.ReadCertificates(new ArraySegment<byte>(Encoding.UTF8.GetBytes("<html>")), false, "GET /v1/cluster/certificates"));
        Assert.Equal("InvalidResponse", failure.ErrorId);
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text)
        {
            secure.AppendChar(c);
        }

        return secure;
    }

    [Fact]
    public void Keeps_only_the_certificate_blocks_of_certificate_text_that_holds_a_key_and_says_so()
    {
        TestCertificates.Issued proxy = TestCertificates.Rsa();
        string body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["proxy_cert"] = proxy.CertificatePem + proxy.Pkcs8Pem,
            ["api_cert"] = proxy.CertificatePem,
            ["cm_cert"] = proxy.Pkcs1Pem,
        });

        IReadOnlyList<ClusterCertificateEntry> entries = ClusterClient.ReadCertificates(System.Text.Encoding.UTF8.GetBytes(body), false, "GET");

        ClusterCertificateEntry held = entries.Single(e => e.Name == "proxy");
        Assert.True(held.CertificateTextHeldKey);
        Assert.DoesNotContain("PRIVATE KEY", held.CertificatePem);
        Assert.Contains("BEGIN CERTIFICATE", held.CertificatePem);
        Assert.False(entries.Single(e => e.Name == "api").CertificateTextHeldKey);
        ClusterCertificateEntry keyOnly = entries.Single(e => e.Name == "cm");
        Assert.True(keyOnly.CertificateTextHeldKey);
        Assert.DoesNotContain("PRIVATE KEY", keyOnly.CertificatePem);
        Assert.Equal(proxy.CertificatePem.TrimEnd() + "\n", TestCertificates.View("proxy", held.CertificatePem).CertificatePem);
    }
}
