namespace RECertificates.Simulator;

/// <summary>
/// The certificates of every node. Each node keeps its own copy because a real update can reach some nodes and not
/// others (409); GET answers from node 1, the master. One lock guards it all: the state is tiny and requests are few.
/// </summary>
public sealed class ClusterState
{
    private readonly object _gate = new();
    private readonly Dictionary<string, StoredCertificate>[] _nodes;
    // Per node: what each name held before its last change, and when it changed (RS154601's stale proxies).
    private readonly Dictionary<string, (StoredCertificate? Previous, DateTimeOffset ChangedAt)>[] _history;
    private volatile ServedApiCertificate _servedApi;

    public string ClusterName { get; }
    public DateTimeOffset CreatedTime { get; } = DateTimeOffset.UtcNow;
    public int NodeCount => _nodes.Length;

    /// <summary>Waits only for `api` (to serve TLS); every node's set is filled once all seven are made.</summary>
    public ClusterState(string clusterName, int nodeCount, IReadOnlyDictionary<string, Task<StoredCertificate>> initial)
    {
        ClusterName = clusterName;
        _nodes = Enumerable.Range(0, nodeCount).Select(_ => new Dictionary<string, StoredCertificate>()).ToArray();
        _history = Enumerable.Range(0, nodeCount).Select(_ => new Dictionary<string, (StoredCertificate?, DateTimeOffset)>()).ToArray();
        _servedApi = ServedApiCertificate.TryCreate(initial["api"].GetAwaiter().GetResult())
            ?? throw new InvalidOperationException("The generated api certificate cannot be served.");
        Ready = FillAsync(initial);
    }

    /// <summary>Completes when every node holds the initial set. Every request awaits it before touching state.</summary>
    public Task Ready { get; }

    private async Task FillAsync(IReadOnlyDictionary<string, Task<StoredCertificate>> initial)
    {
        await Task.WhenAll(initial.Values);
        lock (_gate)
        {
            foreach (var node in _nodes)
                foreach (var (name, certificate) in initial) node[name] = certificate.Result;
        }
    }

    /// <summary>The certificate new TLS connections get. Read lock-free by every handshake.</summary>
    public ServedApiCertificate ServedApi => _servedApi;

    /// <summary>A copy of node 1's certificates: what GET /v1/cluster/certificates reports.</summary>
    public Dictionary<string, StoredCertificate> MasterView()
    {
        lock (_gate) return new Dictionary<string, StoredCertificate>(_nodes[0]);
    }

    /// <summary>A copy of every node's certificates, node 1 first.</summary>
    public List<Dictionary<string, StoredCertificate>> AllNodes()
    {
        lock (_gate) return _nodes.Select(n => new Dictionary<string, StoredCertificate>(n)).ToList();
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the nodes whose 0-based index is listed, atomically with respect to
    /// readers, then serves the new `api` if node 1's changed.
    /// </summary>
    public void Change(IEnumerable<int> nodeIndexes, Action<Dictionary<string, StoredCertificate>> change)
    {
        lock (_gate)
        {
            _nodes[0].TryGetValue("api", out var apiBefore);
            var now = DateTimeOffset.UtcNow;
            foreach (var index in nodeIndexes)
            {
                var before = new Dictionary<string, StoredCertificate>(_nodes[index]);
                change(_nodes[index]);
                foreach (var name in before.Keys.Union(_nodes[index].Keys))
                {
                    before.TryGetValue(name, out var old);
                    _nodes[index].TryGetValue(name, out var current);
                    if (!ReferenceEquals(old, current)) _history[index][name] = (old, now);
                }
            }
            if (_nodes[0].TryGetValue("api", out var apiAfter) && !ReferenceEquals(apiBefore, apiAfter)
                && ServedApiCertificate.TryCreate(apiAfter) is { } served)
            {
                _servedApi = served;
            }
        }
    }

    /// <summary>What node <paramref name="index"/> (0-based) holds for <paramref name="name"/>, or null.</summary>
    public StoredCertificate? Held(int index, string name)
    {
        lock (_gate) return _nodes[index].GetValueOrDefault(name);
    }

    /// <summary>What the node held for the name before its last change, and when that change came; null if never changed.</summary>
    public (StoredCertificate? Previous, DateTimeOffset ChangedAt)? LastChange(int index, string name)
    {
        lock (_gate) return _history[index].TryGetValue(name, out var last) ? last : null;
    }

    public IEnumerable<int> EveryNode => Enumerable.Range(0, _nodes.Length);
}
