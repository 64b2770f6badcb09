using System.Collections.Frozen;

namespace RECertificates.Simulator;

/// <summary>
/// Which nodes are down, in one place, because a real node that is down is down for everything at once: GET /v1/nodes
/// reports it `down`, its node listeners reset every connection (node 1's REST API, Kestrel's, still answers), and an
/// internal certificate rotation cannot reach it (RS200137). `--down-node` gives the start value; `downNodes` in
/// POST /__sim/faults or /__sim/lifecycle replaces it; DELETE /__sim/faults returns to the start value.
/// </summary>
public sealed class DownNodes(IEnumerable<int> initial)
{
    private readonly FrozenSet<int> _initial = initial.ToFrozenSet();

    // Replaced whole, never changed in place: a reader (every accepted connection) needs no lock.
    private volatile FrozenSet<int> _current = initial.ToFrozenSet();

    public bool Contains(int uid) => _current.Contains(uid);

    /// <summary>The down nodes' uids, lowest first.</summary>
    public int[] Uids => [.. _current.Order()];

    public void Set(IEnumerable<int> uids) => _current = uids.ToFrozenSet();

    /// <summary>Back to what the command line said.</summary>
    public void Reset() => _current = _initial;
}
