using System.Net;
using System.Text;
using RECertificates.Cluster;
using RECertificates.Sessions;

namespace RECertificates.Tests;

/// <summary>An HTTP handler that answers from a script and remembers every request, for ClusterClient tests.</summary>
internal sealed class FakeClusterHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, Task<HttpResponseMessage>>> _answers = new();

    public List<(HttpMethod Method, Uri Uri, string? Authorization, string? Body)> Requests { get; } = [];

    public FakeClusterHandler Answer(HttpStatusCode status, string body = "{}", string? location = null)
    {
        _answers.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (location != null)
            {
                response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
            }

            return Task.FromResult(response);
        });
        return this;
    }

    public FakeClusterHandler Throw(Exception exception)
    {
        _answers.Enqueue(_ => Task.FromException<HttpResponseMessage>(exception));
        return this;
    }

    public FakeClusterHandler Hang()
    {
        _answers.Enqueue(async request =>
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(Current);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    private CancellationToken Current { get; set; }

    /// <summary>The headers of the last request (Connection, Expect), to check how writes are shaped.</summary>
    public System.Net.Http.Headers.HttpRequestHeaders? LastHeaders { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Current = cancellationToken;
        LastHeaders = request.Headers;
        string? body = request.Content == null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
        if (_answers.Count == 0)
        {
            throw new InvalidOperationException($"No answer scripted for {request.Method} {request.RequestUri}.");
        }

        return await _answers.Dequeue()(request);
    }

    public static ClusterClient CreateClient(FakeClusterHandler handler, int maximumRetryCount = 3, TimeSpan? timeout = null) =>
        new(Settings(maximumRetryCount, timeout), handler.CreateHttpClient()) { ClusterLabel = "c1" };

    /// <summary>An HttpClient over this handler that leaves every deadline to the module, as the session's do.</summary>
    public HttpClient CreateHttpClient() => new(this) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>A Basic session (ops@example.com, Passw0rd!) on https://c1.example.com:9443/ that retries within milliseconds.</summary>
    public static ClusterConnectionSettings Settings(int maximumRetryCount = 3, TimeSpan? timeout = null)
    {
        var password = new System.Security.SecureString();
        foreach (char c in "Passw0rd!")
        {
            password.AppendChar(c);
        }

        return new ClusterConnectionSettings(new Uri("https://c1.example.com:9443/"), "ops@example.com", password, new ServerCertificateTrust(false, []))
        {
            MaximumRetryCount = maximumRetryCount,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaximumDelay = TimeSpan.FromMilliseconds(5),
            ReadTimeout = timeout ?? TimeSpan.FromSeconds(10),
            WriteTimeout = timeout ?? TimeSpan.FromSeconds(10),
        };
    }
}

/// <summary>Keeps what the cluster code logs, to assert on it.</summary>
internal sealed class RecordingCallLog : ICallLog
{
    public List<string> Messages { get; } = [];

    public bool IsDebugEnabled => true;

    public void Verbose(string message) => Messages.Add("V: " + message);

    public void Debug(string message) => Messages.Add("D: " + message);

    public void Progress(string activity, string? status) => Messages.Add("P: " + activity + ": " + (status ?? "done"));
}
