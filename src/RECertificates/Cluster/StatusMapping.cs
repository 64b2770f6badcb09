using System;
using RECertificates.Certificates;

namespace RECertificates.Cluster
{
    /// <summary>
    /// What a request was for: the same status code means different things per endpoint. Kept beside the mapping it
    /// keys, so an endpoint whose statuses mean something of their own adds its value and its cases in one file; an
    /// endpoint whose statuses mean what another's do reuses that one's value.
    /// </summary>
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

    /// <summary>
    /// Turns a cluster's error answer into an exception whose message a person can act on. The same status
    /// means different things per endpoint (a 403 is "unknown certificate" on a write, "required certificate"
    /// on a delete, "permission denied" elsewhere), so the operation is part of the question. A refused login (401)
    /// is LoginRefusal's: what it means depends on how the session logs in.
    /// </summary>
    internal static class StatusMapping
    {
        public static REApiException ToException(ClusterOperation operation, int status, ClusterErrorBody body,
            string cluster, string? subject, string userName, int attempts)
        {
            string what = subject ?? "the request";
            string said = body.Description != null ? $" The cluster said: {body.Description}" : string.Empty;
            string? code = body.ErrorCode;
            bool permission = LooksLikePermission(body);

            switch (status)
            {
                case 400 when operation == ClusterOperation.RotateInternalCertificates:
                    return Make("ClusterPartiallyUpdated", FailureKind.PartiallyCompleted,
                        $"{cluster} could not regenerate {what} on every node (400 Bad Request: not all nodes have been updated) after {attempts} attempt(s); some nodes may hold new internal certificates and others the old ones.{said} Check that every node is up (GET /v1/nodes, or the Cluster Manager), then run Update-REInternalCertificate again: it is safe to repeat.");
                case 400 when operation == ClusterOperation.UpdatePolicy || operation == ClusterOperation.ReadLifecycle:
                    return Make("InvalidRequest", FailureKind.InvalidData,
                        $"{cluster} refused {what} as invalid (400 Bad Request).{said} Check the values against Get-Help Set-RECertificatePolicy -Parameter *.");
                case 400:
                    return Make(operation == ClusterOperation.ReadCertificates || operation == ClusterOperation.ReadCluster ? "InvalidRequest" : "InvalidCertificate",
                        FailureKind.InvalidData,
                        $"{cluster} refused {what} as invalid (400 Bad Request).{said} Check the certificate and key with Test-RECertificate.");
                case 403 when permission || operation == ClusterOperation.ReadCluster || operation == ClusterOperation.ReadCertificates
                    || operation == ClusterOperation.ReadLifecycle || operation == ClusterOperation.UpdatePolicy:
                    return Make("PermissionDenied", FailureKind.PermissionDenied,
                        $"{cluster} denied '{userName}' permission for {what} (403 Forbidden).{said} The user's role needs 'view_cluster_info' to read certificates and 'update_cluster' to change them.");
                case 403 when operation == ClusterOperation.RotateInternalCertificates:
                    return Make("InternalRotationNotSupported", FailureKind.NotImplemented,
                        $"{cluster} does not rotate {what} on request (403 Forbidden: unsupported internal certificate rotation).{said} " +
                        "The cluster refuses a name that is not one of its internal certificates, and a rotation it does not offer. Leave out -Name to regenerate all of them, list them with Get-RECertificate -IncludeInternal, " +
                        "and rely on its own schedule (Get-RECertificatePolicy) otherwise; certificates you provide (proxy, api, the internode ones) are replaced with Set-RECertificate instead. Nothing was changed.");
                case 403 when operation == ClusterOperation.DeleteCertificate:
                    return Make("RequiredCertificate", FailureKind.PermissionDenied,
                        $"{cluster} refused to delete {what} (403 Forbidden): the cluster needs it, or the user may not change it.{said} Only optional certificates ({string.Join(", ", CertificateNames.AllOptional)}) can be removed; replace a required one with Set-RECertificate.");
                case 403:
                    return Make("UnknownCertificate", FailureKind.InvalidArgument,
                        $"{cluster} does not know {what}, or the user may not change it (403 Forbidden).{said} Check the name against Get-RECertificate and the cluster's version, and that the role has 'update_cluster'.");
                case 404 when operation == ClusterOperation.UpdateCertificates:
                case 405 when operation == ClusterOperation.UpdateCertificates:
                    return Make("EndpointNotSupported", FailureKind.NotImplemented,
                        $"{cluster} has no 'PUT /v1/cluster/certificates' ({status}): it is older than Redis Enterprise 7.22.2.{said} Use Update-RECertificateLegacy, which uses the older endpoint.");
                case 404 when operation == ClusterOperation.DeleteCertificate:
                    return Make("CertificateNotFound", FailureKind.ObjectNotFound,
                        $"{cluster} holds no {what} to delete (404 Not Found).{said} List the certificates with Get-RECertificate.");
                case 404 when operation == ClusterOperation.UpdateCertificateLegacy:
                    return Make("InvalidCertificate", FailureKind.InvalidData,
                        $"{cluster} refused {what} as invalid (404 Not Found).{said} Check the certificate and key with Test-RECertificate.");
                case 404:
                    return Make("EndpointNotFound", FailureKind.ObjectNotFound,
                        $"{cluster} has no such endpoint (404 Not Found) for {what}.{said} Check that the address is the cluster's REST API (port 9443 by default).");
                case 406:
                    return Make("CertificateExpired", FailureKind.InvalidData,
                        $"{cluster} refused {what} as expired (406 Not Acceptable).{said} The cluster refuses expired certificates: issue a new one.");
                case 409:
                    return Make("ClusterPartiallyUpdated", FailureKind.PartiallyCompleted,
                        $"{cluster} could not update {what} on every node (409 Conflict) after {attempts} attempt(s); the cluster may be partly updated.{said} Check the nodes' state in the Cluster Manager (or compare thumbprints with Get-RECertificate) and run the same command again: it is safe to repeat.");
                case 500 when operation == ClusterOperation.DeleteCertificate:
                    return Make("CertificateDeleteFailed", FailureKind.InvalidResult,
                        $"{cluster} failed to delete {what} from disk (500 Internal Server Error); some nodes may still hold it.{said} Run Get-RECertificate to check, then Remove-RECertificate again.");
                case 503:
                    return Make("ClusterUnavailable", FailureKind.ResourceUnavailable,
                        $"{cluster} is unavailable (503 Service Unavailable) for {what} after {attempts} attempt(s).{said} A node may be down or not a cluster member: check the cluster's health and try again later.");
                default:
                    bool serverSide = status >= 500;
                    return Make(serverSide ? "ClusterError" : "UnexpectedStatus", serverSide ? FailureKind.ResourceUnavailable : FailureKind.InvalidResult,
                        $"{cluster} answered {status} to {what}{(attempts > 1 ? $" after {attempts} attempts" : string.Empty)}.{said}" +
                        (serverSide ? " Check the cluster's health and logs, then try again." : string.Empty));
            }

            REApiException Make(string errorId, FailureKind kind, string message) =>
                new REApiException(message, kind, errorId, status, code, body.Description);
        }

        private static bool LooksLikePermission(ClusterErrorBody body)
        {
            string text = (body.ErrorCode ?? string.Empty) + " " + (body.Description ?? string.Empty);
            return text.IndexOf("permission", StringComparison.OrdinalIgnoreCase) >= 0
                || text.IndexOf("not authorized", StringComparison.OrdinalIgnoreCase) >= 0
                || text.IndexOf("forbidden_role", StringComparison.OrdinalIgnoreCase) >= 0;
        }
    }
}
