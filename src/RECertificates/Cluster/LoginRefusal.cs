using System.Security.Cryptography.X509Certificates;
using RECertificates.Sessions;

namespace RECertificates.Cluster
{
    /// <summary>
    /// What a refused login means, per way of logging in. A refused password may be a typo, or a cluster with Basic
    /// authentication turned off (8.2 and later: control_plane_basic_authentication); a refused client certificate
    /// means the cluster lacks one of the three things certificate login needs.
    /// </summary>
    internal static class LoginRefusal
    {
        public static REApiException Explain(ClusterConnectionSettings settings, int status, ClusterErrorBody body, string cluster)
        {
            string said = body.Description != null ? $" The cluster said: {body.Description}" : string.Empty;
            string statusText = status == 401 ? "401 Unauthorized" : $"{status} Forbidden";
            X509Certificate2? certificate = settings.ClientCertificate;
            if (certificate == null)
            {
                return new REApiException(
                    $"{cluster} refused the credential of '{settings.UserName}' ({statusText}).{said} Check the user name and password. " +
                    "If they are right, the cluster may have Basic authentication turned off (possible from Redis Enterprise 8.2): then log in with a client certificate, Connect-RECluster -ClientCertificate. " +
                    "The module does not retry a refused login, because five failed logins lock the user for 30 minutes.",
                    FailureKind.AuthenticationFailed, "AuthenticationFailed", status, body.ErrorCode, body.Description);
            }

            string subjectLine = CertificateSubjectLine.Of(certificate);
            return new REApiException(
                $"{cluster} refused the client certificate '{certificate.Subject}' (thumbprint {certificate.Thumbprint}, issued by '{certificate.Issuer}') ({statusText}).{said} " +
                "Certificate login needs three things on the cluster: mtls_certificate_authentication turned on; the certificate's issuer in the cluster's mtls_trusted_ca; " +
                $"and a user whose auth_method is 'certificate' and whose certificate_subject_line is exactly '{subjectLine}', with a role that may read the cluster.",
                status == 401 ? FailureKind.AuthenticationFailed : FailureKind.PermissionDenied,
                status == 401 ? "AuthenticationFailed" : "PermissionDenied", status, body.ErrorCode, body.Description);
        }
    }
}
