using System;
using System.Collections.Generic;

namespace RECertificates.Cluster
{
    /// <summary>What the module needs of <c>GET /v1/cluster</c>.</summary>
    internal sealed class ClusterInfo
    {
        public ClusterInfo(string name)
        {
            Name = name;
        }

        /// <summary>The cluster's FQDN.</summary>
        public string Name { get; }
    }

    /// <summary>What the module needs of one entry of <c>GET /v1/nodes</c>.</summary>
    internal sealed class NodeInfo
    {
        public NodeInfo(int uid, string? address, string? status, string? softwareVersion, IReadOnlyList<string>? externalAddresses = null)
        {
            Uid = uid;
            Address = address;
            Status = status;
            SoftwareVersion = softwareVersion;
            ExternalAddresses = externalAddresses ?? Array.Empty<string>();
        }

        /// <summary><c>external_addr</c>: the node's addresses outside the cluster's network, if any.</summary>
        public IReadOnlyList<string> ExternalAddresses { get; }

        public int Uid { get; }

        public string? Address { get; }

        public string? Status { get; }

        public string? SoftwareVersion { get; }
    }
}
