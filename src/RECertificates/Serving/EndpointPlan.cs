using System;
using System.Collections.Generic;
using System.Linq;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Serving
{
    /// <summary>
    /// Where each served certificate can be read, as a pure function of three answers: the nodes
    /// (<c>GET /v1/nodes</c>: uid, addr, external_addr), the ports (<c>GET /v1/cluster</c>: cnm_https_port, cm_port)
    /// and the databases (<c>GET /v1/bdbs</c>: tls_mode, endpoints[].addr and port). A node is reached at its
    /// <c>addr</c> (its first <c>external_addr</c> when it has none); a database endpoint at each of its addresses,
    /// which names the node whose proxy answers there.
    /// </summary>
    internal static class EndpointPlan
    {
        /// <param name="portOverrides">-Port: a name's port instead of the cluster's (for 'proxy': every TLS database endpoint's).</param>
        /// <param name="wanted">Which of the served names to plan; null for all.</param>
        public static IReadOnlyList<ServedEndpoint> Make(
            IReadOnlyList<NodeInfo> nodes,
            ClusterPorts ports,
            IReadOnlyList<DatabaseInfo> databases,
            IReadOnlyDictionary<string, int>? portOverrides,
            Func<string, bool>? wanted)
        {
            Func<string, bool> include = wanted ?? (_ => true);
            var endpoints = new List<ServedEndpoint>();
            var reachable = nodes
                .Select(n => (n.Uid, Address: !string.IsNullOrWhiteSpace(n.Address) ? n.Address!.Trim() : n.ExternalAddresses.FirstOrDefault()))
                .Where(n => !string.IsNullOrEmpty(n.Address))
                .OrderBy(n => n.Uid)
                .ToList();

            foreach (string name in new[] { CertificateNames.Api, CertificateNames.Cm, CertificateNames.MetricsExporter }.Where(include))
            {
                int port = Override(portOverrides, name) ?? NodePort(name, ports);
                endpoints.AddRange(reachable.Select(n => new ServedEndpoint(name, n.Uid, n.Address!, port)));
            }

            if (include(CertificateNames.Proxy))
            {
                int? proxyPort = Override(portOverrides, CertificateNames.Proxy);
                endpoints.AddRange(databases
                    .Where(ServesTls)
                    .SelectMany(d => d.Endpoints)
                    .Where(e => (proxyPort ?? e.Port) != null)
                    .SelectMany(e => e.Addresses.Select(address => new ServedEndpoint(CertificateNames.Proxy, NodeOf(address, nodes), address.Trim(), (proxyPort ?? e.Port)!.Value)))
                    .Distinct()
                    .OrderBy(e => e.NodeUid ?? int.MaxValue)
                    .ThenBy(e => e.Port)
                    .ThenBy(e => e.Address, StringComparer.Ordinal));
            }

            return endpoints;
        }

        /// <summary>tls_mode 'enabled' or 'replica_ssl' (any value but 'disabled'); a database that does not say is not TLS.</summary>
        public static bool ServesTls(DatabaseInfo database) =>
            !string.IsNullOrWhiteSpace(database.TlsMode) && !string.Equals(database.TlsMode!.Trim(), "disabled", StringComparison.OrdinalIgnoreCase);

        private static int NodePort(string name, ClusterPorts ports)
        {
            switch (name)
            {
                case CertificateNames.Api: return ports.RestApi ?? ServedNames.DefaultApiPort;
                case CertificateNames.Cm: return ports.ClusterManager ?? ServedNames.DefaultCmPort;
                default: return ServedNames.DefaultMetricsPort;
            }
        }

        private static int? Override(IReadOnlyDictionary<string, int>? overrides, string name) =>
            overrides != null && overrides.TryGetValue(name, out int port) ? port : (int?)null;

        private static int? NodeOf(string address, IReadOnlyList<NodeInfo> nodes)
        {
            string trimmed = address.Trim();
            NodeInfo? node = nodes.FirstOrDefault(n => string.Equals(n.Address?.Trim(), trimmed, StringComparison.OrdinalIgnoreCase)
                || n.ExternalAddresses.Any(e => string.Equals(e.Trim(), trimmed, StringComparison.OrdinalIgnoreCase)));
            return node?.Uid;
        }
    }
}
