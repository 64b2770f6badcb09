using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Cluster
{
    /// <summary>
    /// The cluster's software version: the lowest of its nodes, since a cluster in the middle of an upgrade can do
    /// only what its oldest node can. Read once at connect, after the credential was accepted.
    /// </summary>
    internal static class ClusterVersionReader
    {
        /// <summary>
        /// Reads GET /v1/nodes. Never fails the connection: a version that cannot be read is unknown (null), with a
        /// verbose note, and the module then behaves as it did before it read versions.
        /// </summary>
        public static async Task<string?> ReadAsync(IClusterClient client, ICallLog log, CancellationToken cancellationToken)
        {
            IReadOnlyList<NodeInfo> nodes;
            try
            {
                nodes = await client.GetNodesAsync(log, cancellationToken).ConfigureAwait(false);
            }
            catch (REApiException e)
            {
                log.Verbose($"The software version of {client.ClusterLabel} is unknown: GET /v1/nodes failed ({e.Message}). Version rules and known-defect workarounds are off; the cluster decides.");
                return null;
            }
            catch (Exception e) when (e is InvalidOperationException || e is FormatException || e is OverflowException || e is KeyNotFoundException)
            {
                // A shape of answer no rule above foresaw: still only an unknown version, as promised.
                log.Verbose($"The software version of {client.ClusterLabel} is unknown: the answer to GET /v1/nodes could not be read ({e.Message}). Version rules and known-defect workarounds are off; the cluster decides.");
                return null;
            }

            string? lowest = Lowest(nodes, out string? problem);
            log.Verbose(lowest != null
                ? $"Cluster {client.ClusterLabel} runs Redis Enterprise {lowest} (the lowest software_version of its {nodes.Count} node(s))."
                : $"The software version of {client.ClusterLabel} is unknown: {problem} Version rules and known-defect workarounds are off; the cluster decides.");
            return lowest;
        }

        /// <summary>The lowest software_version as the cluster wrote it; null (and why) when any node's is missing or unreadable.</summary>
        public static string? Lowest(IReadOnlyList<NodeInfo> nodes, out string? problem)
        {
            if (nodes.Count == 0)
            {
                problem = "GET /v1/nodes listed no node.";
                return null;
            }

            NodeInfo? unreadable = nodes.FirstOrDefault(n => SoftwareVersion.TryParse(n.SoftwareVersion) == null);
            if (unreadable != null)
            {
                problem = unreadable.SoftwareVersion == null
                    ? $"node {unreadable.Uid} reports no software_version."
                    : $"node {unreadable.Uid} reports software_version '{unreadable.SoftwareVersion}', which is not like 7.22.2-54.";
                return null;
            }

            problem = null;
            return nodes.OrderBy(n => SoftwareVersion.TryParse(n.SoftwareVersion)).First().SoftwareVersion!.Trim();
        }
    }
}
