using System.Runtime.CompilerServices;

namespace RECertificates.Simulator;

/// <summary>
/// What each node's TLS listeners present: the certificate THAT node holds for the name (nodes can disagree after a
/// 409), except where a fault says otherwise (RS154601: proxies that keep the old certificate for a while).
/// Contexts are built once per stored certificate; one that cannot back TLS (no key, seeded junk) leaves the node
/// serving what it served before, as a real node keeps its running certificate.
/// </summary>
public sealed class ServedCertificates(ClusterState state, FaultInjector faults)
{
    private readonly ConditionalWeakTable<StoredCertificate, Box> _contexts = new();
    private readonly Dictionary<(int Node, string Name), ServedApiCertificate> _lastServed = new();

    /// <summary>What node <paramref name="index"/> (0-based) presents for <paramref name="name"/> now; null when it has nothing to present.</summary>
    public ServedApiCertificate? For(int index, string name)
    {
        var stored = state.Held(index, name);
        var stale = faults.StaleProxy;
        if (name == "proxy" && stale > TimeSpan.Zero && state.LastChange(index, name) is { Previous: { } previous } change
            && DateTimeOffset.UtcNow - change.ChangedAt < stale)
        {
            stored = previous;
        }

        var served = stored is null ? null : _contexts.GetValue(stored, s => new Box(ServedApiCertificate.TryCreate(s))).Served;
        lock (_lastServed)
        {
            if (served is not null) _lastServed[(index, name)] = served;
            else _lastServed.TryGetValue((index, name), out served);
        }
        return served;
    }

    private sealed class Box(ServedApiCertificate? served)
    {
        public ServedApiCertificate? Served { get; } = served;
    }
}
