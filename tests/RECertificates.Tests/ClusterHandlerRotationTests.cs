using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security;
using System.Security.Authentication;
using System.Text;
using RECertificates.Cluster;
using RECertificates.Sessions;

namespace RECertificates.Tests;

/// <summary>
/// A session follows DNS (a cluster's FQDN moves on failover) because its handler is retired after a lifetime and
/// the next request gets a new one. Each new handler must carry the session's own trust, login and proxy, and a
/// request in flight on the retired handler must still finish.
/// </summary>
public class ClusterHandlerRotationTests
{
    // The factory refuses less than one second.
    private static readonly TimeSpan ShortLifetime = TimeSpan.FromSeconds(1);

    [Fact]
    public void A_session_keeps_its_handler_within_the_lifetime()
    {
        var made = new ConcurrentQueue<HttpClientHandler>();
        using var factory = new ClusterHttpClientFactory(BasicSettings(new Uri("https://cluster.example.com:9443/")), TimeSpan.FromMinutes(10), made.Enqueue);

        factory.CreateClient();
        factory.CreateClient();
        factory.CreateClient();

        Assert.Single(made);
    }

    [Fact]
    public void A_session_gets_a_new_handler_after_the_lifetime()
    {
        var made = new ConcurrentQueue<HttpClientHandler>();
        using var factory = new ClusterHttpClientFactory(BasicSettings(new Uri("https://cluster.example.com:9443/")), ShortLifetime, made.Enqueue);

        RotateUntil(factory, made, 2);

        Assert.Equal(2, made.Distinct().Count());
    }

    [Fact]
    public void The_default_lifetime_is_a_few_minutes_not_infinite()
    {
        Assert.InRange(ClusterHttpClientFactory.HandlerLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void Every_handler_made_carries_the_sessions_trust_client_certificate_proxy_and_TLS()
    {
        TestCertificates.Issued login = TestCertificates.Rsa();
        TestCertificates.Issued pinned = TestCertificates.Rsa();
        var proxy = new Uri("http://proxy.example.com:3128/");
        var proxyCredential = new NetworkCredential("proxyuser", "proxy-secret");
        var settings = new ClusterConnectionSettings(new Uri("https://cluster.example.com:9443/"), login.Certificate,
            new ServerCertificateTrust(false, [CertificatePins.Sha256Of(pinned.Certificate)]))
        {
            Proxy = proxy,
            ProxyCredential = proxyCredential,
        };
        var made = new ConcurrentQueue<HttpClientHandler>();
        using var factory = new ClusterHttpClientFactory(settings, ShortLifetime, made.Enqueue);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://cluster.example.com:9443/v1/cluster");

        RotateUntil(factory, made, 3);

        foreach (HttpClientHandler handler in made)
        {
            Assert.True(handler.ServerCertificateCustomValidationCallback!(request, pinned.Certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
            Assert.False(handler.ServerCertificateCustomValidationCallback!(request, login.Certificate, null, SslPolicyErrors.None));
            Assert.Equal(ClientCertificateOption.Manual, handler.ClientCertificateOptions);
            Assert.Same(login.Certificate, Assert.Single(handler.ClientCertificates));
            Assert.True(handler.UseProxy);
            Assert.Equal(proxy, handler.Proxy!.GetProxy(new Uri("https://cluster.example.com:9443/")));
            Assert.Same(proxyCredential, handler.Proxy.Credentials);
            Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, handler.SslProtocols);
            Assert.False(handler.AllowAutoRedirect);
            Assert.False(handler.UseCookies);
        }
    }

    [Fact]
    public void A_handler_made_after_a_pin_change_follows_the_new_pin()
    {
        TestCertificates.Issued before = TestCertificates.Rsa();
        TestCertificates.Issued after = TestCertificates.Rsa();
        var trust = new ServerCertificateTrust(false, [CertificatePins.Sha256Of(before.Certificate)]);
        var made = new ConcurrentQueue<HttpClientHandler>();
        using var factory = new ClusterHttpClientFactory(
            new ClusterConnectionSettings(new Uri("https://cluster.example.com:9443/"), "admin@example.com", new SecureString(), trust), ShortLifetime, made.Enqueue);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://cluster.example.com:9443/v1/cluster");

        RotateUntil(factory, made, 1);
        trust.ChangePins(_ => [CertificatePins.Sha256Of(after.Certificate)]);
        RotateUntil(factory, made, 2);

        foreach (HttpClientHandler handler in made)
        {
            Assert.True(handler.ServerCertificateCustomValidationCallback!(request, after.Certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
            Assert.False(handler.ServerCertificateCustomValidationCallback!(request, before.Certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        }
    }

    [Fact]
    public void Closing_the_session_disposes_every_handler_it_made_the_current_and_the_retired()
    {
        var made = new ConcurrentQueue<HttpClientHandler>();
        var factory = new ClusterHttpClientFactory(BasicSettings(new Uri("https://cluster.example.com:9443/")), ShortLifetime, made.Enqueue);
        RotateUntil(factory, made, 2);

        // A live handler still takes settings; a disposed one refuses them.
        foreach (HttpClientHandler handler in made)
        {
            handler.UseCookies = false;
        }

        factory.Dispose();

        foreach (HttpClientHandler handler in made)
        {
            Assert.Throws<ObjectDisposedException>(() => handler.UseCookies = false);
        }
    }

    [Fact]
    public async Task A_request_in_flight_when_its_handler_is_retired_still_finishes()
    {
        using var server = new SlowServer();
        var made = new ConcurrentQueue<HttpClientHandler>();
        var settings = BasicSettings(server.Address);
        var factory = new ClusterHttpClientFactory(settings, ShortLifetime, made.Enqueue);
        using var transport = new ClusterTransport(settings, RetryPolicy.For(settings), factory.CreateClient, factory);

        Task<ClusterResponse> inFlight = ReadCluster(transport);
        await server.FirstRequestReceived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // While the cluster is still answering the first request, its handler is retired and a new one serves the next.
        RotateUntil(factory, made, 2);
        using (ClusterResponse next = await ReadCluster(transport).WaitAsync(TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(200, next.StatusCode);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        server.AnswerFirst.SetResult();

        using ClusterResponse first = await inFlight.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, first.StatusCode);
        Assert.Equal(SlowServer.Body, Encoding.UTF8.GetString(first.Body));
    }

    private static Task<ClusterResponse> ReadCluster(ClusterTransport transport) =>
        transport.SendAsync(ClusterOperation.ReadCluster, HttpMethod.Get, "v1/cluster", null, "the cluster's details", new RecordingCallLog(), CancellationToken.None);

    private static ClusterConnectionSettings BasicSettings(Uri address) =>
        new(address, "admin@example.com", new SecureString(), new ServerCertificateTrust(false, []));

    /// <summary>Asks for clients until the factory has made <paramref name="count"/> handlers (it makes them lazily).</summary>
    private static void RotateUntil(ClusterHttpClientFactory factory, ConcurrentQueue<HttpClientHandler> made, int count)
    {
        DateTime giveUp = DateTime.UtcNow.AddSeconds(15);
        while (made.Count < count)
        {
            Assert.True(DateTime.UtcNow < giveUp, $"The factory made {made.Count} handler(s) in 15 s; expected {count}.");
            factory.CreateClient();
            Thread.Sleep(20);
        }
    }

    /// <summary>A loopback HTTP server that holds its answer to the first request until told; later ones it answers at once.</summary>
    private sealed class SlowServer : IDisposable
    {
        public const string Body = "{\"name\":\"c1\"}";

        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        public SlowServer()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Address = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(Address.ToString());
            _listener.Start();
            _serving = ServeAsync();
        }

        public Uri Address { get; }

        public TaskCompletionSource FirstRequestReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource AnswerFirst { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose()
        {
            AnswerFirst.TrySetResult();
            _listener.Close();
            try
            {
                _serving.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The listener was closed while waiting for a request: the end of serving.
            }
        }

        private async Task ServeAsync()
        {
            var answers = new List<Task>();
            try
            {
                while (true)
                {
                    HttpListenerContext context = await _listener.GetContextAsync();
                    bool first = answers.Count == 0;
                    answers.Add(AnswerAsync(context, first ? AnswerFirst.Task : Task.CompletedTask));
                    if (first)
                    {
                        FirstRequestReceived.SetResult();
                    }
                }
            }
            catch (Exception exception) when (exception is HttpListenerException || exception is ObjectDisposedException)
            {
                await Task.WhenAll(answers);
            }
        }

        private async Task AnswerAsync(HttpListenerContext context, Task when)
        {
            await when;
            byte[] body = Encoding.UTF8.GetBytes(Body);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
