using RECertificates.Cluster;

namespace RECertificates.Tests.Fakes;

/// <summary>
/// What the served-certificate checks, the renewal, the internal rotation and the policy change need of a cluster in
/// memory, beyond what it holds: its nodes (each on a loopback address of its own, so a fake probe can tell them
/// apart), a health report that a rotation changes, and a version without the job scheduler.
/// </summary>
internal sealed partial class FakeClusterClient
{
    /// <summary>Nodes 1 to <paramref name="count"/>, node n at 127.0.0.n, all active.</summary>
    public FakeClusterClient WithNodes(int count)
    {
        Nodes = Enumerable.Range(1, count).Select(n => new NodeInfo(n, NodeAddress(n), "active", "8.0.16-1")).ToList();
        return this;
    }

    /// <summary>Where node <paramref name="uid"/> of <see cref="WithNodes"/> is reached.</summary>
    public static string NodeAddress(int uid) => $"127.0.0.{uid}";

    /// <summary>A health report before the rotation, and the one the cluster shows once it got POST rotate.</summary>
    public FakeClusterClient RotatingHealth(IReadOnlyList<HealthCertificate> before, IReadOnlyList<HealthCertificate> after)
    {
        Health = before;
        BeforeWrite = (call, token) =>
        {
            if (call.StartsWith("POST rotate", StringComparison.Ordinal))
            {
                Health = after;
            }

            return Task.CompletedTask;
        };
        return this;
    }

    /// <summary>
    /// A cluster whose version has no job scheduler: ClusterClient reads its 404 as no rotation job (null), and the
    /// PUT fails with the 404 StatusMapping words for the policy; every other call as before.
    /// </summary>
    public FakeClusterClient WithoutJobScheduler()
    {
        Rotation = null;
        Func<string, Exception?> otherwise = Fail;
        Fail = call => call == "PUT rotation"
            ? StatusMapping.ToException(ClusterOperation.UpdatePolicy, 404, ClusterErrorBody.Parse(new ArraySegment<byte>([])), $"Cluster '{ClusterLabel}'", "the certificate rotation schedule", Settings.UserName, 1)
            : otherwise(call);
        return this;
    }
}
