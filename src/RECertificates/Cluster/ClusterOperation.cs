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

        /// <summary><c>POST /v1/cluster/certificates/rotate</c>: the cluster regenerates its internal certificates.</summary>
        RotateInternalCertificates,

        /// <summary>
        /// Reads of the cluster's own certificate lifecycle: <c>GET /v1/job_scheduler</c>, <c>GET /v1/ocsp</c>,
        /// <c>GET /v4/cluster/health</c>, and <c>POST /v1/ocsp/test</c> (which asks, and changes nothing).
        /// </summary>
        ReadLifecycle,

        /// <summary><c>PUT /v1/job_scheduler</c> and <c>PUT /v1/cluster</c> (alert_settings): the certificate policy.</summary>
        UpdatePolicy,
    }
}
