namespace RECertificates.Cluster
{
    /// <summary>What <c>GET /v1/cluster</c> says about the ports nodes serve on; null where it says nothing.</summary>
    internal sealed class ClusterPorts
    {
        public ClusterPorts(int? restApi, int? clusterManager)
        {
            RestApi = restApi;
            ClusterManager = clusterManager;
        }

        /// <summary><c>cnm_https_port</c>: the REST API, which serves the 'api' certificate (9443 by default).</summary>
        public int? RestApi { get; }

        /// <summary><c>cm_port</c>: the Cluster Manager UI, which serves the 'cm' certificate (8443 by default).</summary>
        public int? ClusterManager { get; }
    }
}
