namespace RECertificates.Simulator;

/// <summary>
/// The cluster's own certificate lifecycle: its internal certificates per node (what the health report lists and
/// the rotate endpoint regenerates), the rotation job, the certificate expiry alerts, OCSP, and the staged
/// situations tests set through /__sim/lifecycle (rotation unsupported, the OCSP status; which nodes are down is
/// DownNodes, shared with the faults and the node listeners).
/// One lock guards it all, as in ClusterState.
/// </summary>
public sealed class LifecycleState
{
    /// <summary>The internal certificates' types, as the health report and the expiry metrics name them.</summary>
    public static readonly string[] InternalTypes = ["gossip_ca_signed", "mesh_ca_signed"];

    /// <summary>Internal certificates live 90 days (security/encryption/internode-encryption.md).</summary>
    public static readonly TimeSpan InternalLifetime = TimeSpan.FromDays(90);

    private readonly object _gate = new();
    private readonly Dictionary<string, DateTimeOffset>[] _internal;
    private long _rotations;

    public LifecycleState(SimulatorOptions options, DownNodes downNodes)
    {
        DownNodes = downNodes;
        // Made 30 days ago, as a cluster that last rotated a month ago.
        var validUntil = DateTimeOffset.UtcNow.Add(InternalLifetime).AddDays(-30);
        validUntil = validUntil.AddTicks(-(validUntil.Ticks % TimeSpan.TicksPerSecond));
        _internal = Enumerable.Range(0, options.Nodes).Select(_ => InternalTypes.ToDictionary(t => t, _ => validUntil)).ToArray();
        RotationUnsupported = options.RotationUnsupported;
        OcspFunctionality = options.OcspOn;
        OcspStatus = options.OcspStatus;
    }

    // The rotation job (job_scheduler's cert_rotation_job_settings) with the documented defaults.
    public string CronExpression { get; set; } = "0 * * * *";
    public bool RotationEnabled { get; set; } = true;
    public int ExpiryDaysBeforeRotation { get; set; } = 60;

    /// <summary>alert_settings: name -> (enabled, threshold as the string the API keeps).</summary>
    public Dictionary<string, (bool Enabled, string Threshold)> ThresholdAlerts { get; } = new(StringComparer.Ordinal)
    {
        ["cluster_certs_about_to_expire"] = (true, "45"),
        ["node_internal_certs_about_to_expire"] = (true, "45"),
    };
    public bool OcspRevokedAlert { get; set; }

    public bool OcspFunctionality { get; set; }
    public string OcspStatus { get; set; }
    public bool RotationUnsupported { get; set; }

    /// <summary>How many rotations the cluster carried out (what /__sim/lifecycle shows).</summary>
    public long Rotations => Interlocked.Read(ref _rotations);

    public object Gate => _gate;

    /// <summary>The cluster's one set of down nodes: a rotation skips them, GET /v1/nodes reports them.</summary>
    public DownNodes DownNodes { get; }

    /// <summary>The health report's view: per type, the earliest valid_until of any node (the one that expires first).</summary>
    public IReadOnlyList<(string Type, DateTimeOffset ValidUntil)> Health()
    {
        lock (_gate)
            return InternalTypes.Select(t => (t, _internal.Min(node => node[t]))).ToList();
    }

    /// <summary>Each node's valid_until per type, node 1 first.</summary>
    public IReadOnlyList<Dictionary<string, DateTimeOffset>> PerNode()
    {
        lock (_gate) return _internal.Select(n => new Dictionary<string, DateTimeOffset>(n)).ToList();
    }

    /// <summary>
    /// Regenerates <paramref name="types"/> on every node that is up; returns the uids of the nodes that were down
    /// (and so not rotated).
    /// </summary>
    public IReadOnlyList<int> Rotate(IReadOnlyList<string> types)
    {
        lock (_gate)
        {
            var fresh = DateTimeOffset.UtcNow.Add(InternalLifetime);
            fresh = fresh.AddTicks(-(fresh.Ticks % TimeSpan.TicksPerSecond));
            var skipped = new List<int>();
            var down = DownNodes.Uids;  // one reading, so a change mid-rotation does not split it
            for (var i = 0; i < _internal.Length; i++)
            {
                if (down.Contains(i + 1))
                {
                    skipped.Add(i + 1);
                    continue;
                }
                // Always later than before, even for two rotations within one second.
                foreach (var type in types) _internal[i][type] = fresh > _internal[i][type] ? fresh : _internal[i][type].AddSeconds(1);
            }
            Interlocked.Increment(ref _rotations);
            return skipped;
        }
    }
}
