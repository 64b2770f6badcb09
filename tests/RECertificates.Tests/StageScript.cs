using System.Text;
using RECertificates.Cluster;

namespace RECertificates.Tests;

/// <summary>
/// The stage after the one under test, played from a script: each call takes the next answer (or throws the next
/// exception) and notes where the request was sent and which try it was, so one transport stage is tested alone.
/// </summary>
internal sealed class StageScript
{
    private readonly Queue<Func<ClusterAnswer>> _steps = new();

    public List<(Uri Uri, int Attempt)> Calls { get; } = [];

    /// <summary>The bodies handed out, to see which answers were wiped.</summary>
    public List<ClearingBufferWriter> Bodies { get; } = [];

    public StageScript Answer(int status, string body = "{}", string? location = null, string reason = "")
    {
        _steps.Enqueue(() =>
        {
            var buffer = new ClearingBufferWriter();
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            bytes.CopyTo(buffer.GetSpan(bytes.Length));
            buffer.Advance(bytes.Length);
            Bodies.Add(buffer);
            return new ClusterAnswer(status, reason, location == null ? null : new Uri(location, UriKind.RelativeOrAbsolute), buffer);
        });
        return this;
    }

    public StageScript Throw(Exception exception)
    {
        _steps.Enqueue(() => throw exception);
        return this;
    }

    public Task<ClusterAnswer> SendAsync(ClusterRequest request, ICallLog log, CancellationToken cancellationToken)
    {
        Calls.Add((request.Uri, request.Attempt));
        if (_steps.Count == 0)
        {
            throw new InvalidOperationException($"No step scripted for {request.Method} {request.Uri}.");
        }

        return Task.FromResult(_steps.Dequeue()());
    }

    /// <summary>A request as ClusterTransport makes it: to c1.example.com:9443, named "Cluster 'c1' (...)".</summary>
    public static ClusterRequest Request(HttpMethod method, string path = "v1/cluster", ClusterOperation? operation = null, string subject = "the cluster's details", TimeSpan? timeout = null) =>
        new(operation ?? (method == HttpMethod.Get ? ClusterOperation.ReadCluster : ClusterOperation.UpdateCertificates), method,
            new Uri(new Uri("https://c1.example.com:9443/"), path), null, subject, "Cluster 'c1' (https://c1.example.com:9443/)", timeout ?? TimeSpan.FromSeconds(10));
}
