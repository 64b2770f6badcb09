using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Serving;

namespace RECertificates.Tests.Fakes;

/// <summary>
/// What each endpoint serves, as a test says, behind <see cref="IEndpointProbe"/>: a leaf (possibly another one
/// from a later read on, a node that catches up), a node that is down, or a handshake that does not end within
/// the probe's limit. Every read is recorded with the limit it was given. An endpoint the test did not mention
/// refuses the connection, as a port where nothing listens would.
/// </summary>
internal sealed class FakeEndpointProbe : IEndpointProbe
{
    private const string Refused = "connection refused (nothing listens there, or the node is down)";

    private readonly ConcurrentDictionary<(string Address, int Port), Func<int, TimeSpan, ProbeResult>> _endpoints = new();

    /// <summary>Every read, in order: where, and the time limit it was given.</summary>
    public List<(string Address, int Port, TimeSpan Timeout)> Reads { get; } = [];

    /// <summary>The endpoint serves <paramref name="leaf"/>.</summary>
    public FakeEndpointProbe Serving(string address, int port, X509Certificate2 leaf) =>
        Set(address, port, (_, _) => ProbeResult.Read(leaf));

    /// <summary>The endpoint serves <paramref name="before"/> for its first <paramref name="reads"/> reads, then <paramref name="after"/>.</summary>
    public FakeEndpointProbe ServingLater(string address, int port, X509Certificate2 before, int reads, X509Certificate2 after) =>
        Set(address, port, (read, _) => ProbeResult.Read(read <= reads ? before : after));

    /// <summary>Nothing answers there: the node is down.</summary>
    public FakeEndpointProbe Down(string address, int port) =>
        Set(address, port, (_, _) => ProbeResult.Failed(Refused));

    /// <summary>The connection is made but no handshake ends within the limit: what the probe says once its limit bites.</summary>
    public FakeEndpointProbe TimingOut(string address, int port) =>
        Set(address, port, (_, timeout) => ProbeResult.Failed($"no TLS handshake within {timeout.TotalSeconds:0.#} s"));

    /// <summary>How many times the endpoint was read.</summary>
    public int ReadsOf(string address, int port)
    {
        lock (Reads)
        {
            return Reads.Count(r => r.Address == address && r.Port == port);
        }
    }

    public Task<ProbeResult> ReadAsync(string address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        int read;
        lock (Reads)
        {
            Reads.Add((address, port, timeout));
            read = Reads.Count(r => r.Address == address && r.Port == port);
        }

        return Task.FromResult(_endpoints.TryGetValue((address, port), out Func<int, TimeSpan, ProbeResult>? answer)
            ? answer(read, timeout)
            : ProbeResult.Failed(Refused));
    }

    private FakeEndpointProbe Set(string address, int port, Func<int, TimeSpan, ProbeResult> answer)
    {
        _endpoints[(address, port)] = answer;
        return this;
    }
}
