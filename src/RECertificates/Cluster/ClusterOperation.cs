namespace RECertificates.Cluster
{
    /// <summary>What a request was for: the same status code means different things per endpoint.</summary>
    internal enum ClusterOperation
    {
        /// <summary><c>GET /v1/cluster</c>, <c>GET /v1/nodes</c>.</summary>
        ReadCluster,

        /// <summary><c>GET /v1/cluster/certificates</c>.</summary>
        ReadCertificates,

        /// <summary><c>PUT /v1/cluster/certificates</c>.</summary>
        UpdateCertificates,

        /// <summary><c>PUT /v1/cluster/update_cert</c>, the deprecated one-certificate endpoint.</summary>
        UpdateCertificateLegacy,

        /// <summary><c>DELETE /v1/cluster/certificates/{name}</c>.</summary>
        DeleteCertificate,
    }
}
