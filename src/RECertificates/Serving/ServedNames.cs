using System;
using System.Collections.Generic;
using System.Linq;
using RECertificates.Certificates;

namespace RECertificates.Serving
{
    /// <summary>
    /// The certificates that nodes present on their own TLS endpoints, and where: 'api' on the REST API, 'cm' on the
    /// Cluster Manager UI, 'metrics_exporter' on the metrics port, 'proxy' on every TLS database endpoint. The other
    /// names (internode, ldap_client, syncer, CA bundles, SSO) are not served where a client could read them.
    /// </summary>
    internal static class ServedNames
    {
        /// <summary>The ports the docs give when <c>GET /v1/cluster</c> does not say.</summary>
        public const int DefaultApiPort = 9443;
        public const int DefaultCmPort = 8443;

        /// <summary>The metrics exporter's port; the cluster does not report it, so -Port overrides it.</summary>
        public const int DefaultMetricsPort = 8070;

        /// <summary>In the order the endpoints are listed.</summary>
        public static readonly IReadOnlyList<string> All = new[] { CertificateNames.Api, CertificateNames.Cm, CertificateNames.MetricsExporter, CertificateNames.Proxy };

        public static bool IsServed(string name) => All.Contains(name, StringComparer.Ordinal);
    }
}
