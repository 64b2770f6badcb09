using System;
using System.Collections.Generic;
using System.Linq;
using RECertificates.Hosting;
using RECertificates.Certificates;

namespace RECertificates.Lifecycle
{
    /// <summary>
    /// What is due after certificates changed, beyond the change itself: a new proxy certificate on a cluster with
    /// OCSP on is checked with the OCSP responder (POST /v1/ocsp/test; a status other than GOOD is a warning), and a
    /// new sso_service certificate changes the service provider metadata the identity provider holds
    /// (security/access-control/saml-sso.md). A cluster without OCSP (404) stays silent; a failed check is a warning,
    /// never a failure of the change, which is done by then.
    /// </summary>
    internal static class CertificateFollowUp
    {
        public static void Run(ICommandHost host, RESession session, IEnumerable<string> replaced)
        {
            string[] names = replaced.ToArray();
            if (names.Contains(CertificateNames.Proxy))
            {
                CheckOcsp(host, session);
            }

            if (SsoReminder(names, session.Label) is string reminder)
            {
                host.Warning(reminder);
            }
        }

        /// <summary>The reminder after an sso_service change; null when it did not change.</summary>
        public static string? SsoReminder(IEnumerable<string> replaced, string cluster) =>
            replaced.Contains(CertificateNames.SsoService)
                ? $"'{CertificateNames.SsoService}' replaced on cluster '{cluster}'. The identity provider still holds the old service provider metadata, with the old certificate: " +
                  "download the metadata again (GET /v1/cluster/sso/saml/metadata/sp, or Access Control > Single Sign-On in the Cluster Manager) and upload it to the identity provider, or SAML logins fail once it checks the signature."
                : null;

        /// <summary>The warning for an OCSP status of the new proxy certificate; null when it is GOOD.</summary>
        public static string? OcspWarning(string? status, string cluster)
        {
            if (string.Equals(status, "GOOD", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (string.Equals(status, "REVOKED", StringComparison.OrdinalIgnoreCase))
            {
                return $"The OCSP responder says the new 'proxy' certificate of cluster '{cluster}' is REVOKED: clients that check OCSP will refuse the certificate, and so refuse to connect to the databases. Replace it with a certificate its CA has not revoked, right away.";
            }

            return $"The OCSP responder gave the new 'proxy' certificate of cluster '{cluster}' the status '{status ?? "(none)"}', not GOOD: clients that check OCSP may refuse it. Check the responder (Get-RECertificatePolicy shows whether OCSP is on) and the certificate's issuer.";
        }

        private static void CheckOcsp(ICommandHost host, RESession session)
        {
            try
            {
                bool? on = host.Run((log, token) => session.Client.GetOcspEnabledAsync(log, token));
                if (on != true)
                {
                    return;
                }

                string? status = host.Run((log, token) => session.Client.TestOcspAsync(log, token));
                host.Verbose($"OCSP status of the new 'proxy' certificate of cluster '{session.Label}': {status ?? "(none)"}.");
                if (OcspWarning(status, session.Label) is string warning)
                {
                    host.Warning(warning);
                }
            }
            catch (REApiException e)
            {
                host.Warning($"The OCSP status of the new 'proxy' certificate of cluster '{session.Label}' could not be checked ({e.ErrorId}): {e.Message}");
            }
        }
    }
}
