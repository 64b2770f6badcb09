using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Hosting;

namespace RECertificates.Serving
{
    /// <summary>
    /// Reads what the nodes of clusters serve: per cluster, three answers give the endpoints (EndpointPlan) and a
    /// fourth the record to compare with; then every endpoint of every cluster is probed at once, at most
    /// <c>throttle</c> at a time (FanOut), each within its own time limit, through an <see cref="IEndpointProbe"/>
    /// (the network, or a fake in xUnit).
    /// </summary>
    internal static class ServedCertificateSurvey
    {
        /// <summary>
        /// Get-REServedCertificate's work over the host: every cluster's endpoints listed at once (a cluster that
        /// cannot be listed is its error, and the others go on), then every endpoint probed, one object per endpoint.
        /// </summary>
        public static void Run(ICommandHost host, IEndpointProbe probe, IReadOnlyList<RESession> sessions, Func<string, bool> wanted,
            IReadOnlyDictionary<string, int>? portOverrides, TimeSpan timeout, int throttle)
        {
            var ready = new List<ServingPlan>();
            host.RunEachInTurn(sessions, throttle, "Listing the endpoints of clusters",
                (session, log, token) => PlanAsync(session, wanted, portOverrides, true, log, token), session => session.Label, (_, plan) => ready.Add(plan));

            if (ready.Count == 0)
            {
                return;
            }

            const string activity = "Reading the certificates that nodes serve";
            IReadOnlyList<REServedCertificate> served = host.Run((log, token) => ProbeAsync(probe, ready, timeout, throttle,
                (done, all) => log.Progress(activity, done == all ? null : $"{done} of {all} endpoints"), token));
            foreach (REServedCertificate endpoint in served)
            {
                host.Verbose(endpoint.Error != null
                    ? $"Cluster '{endpoint.ClusterName}': {endpoint.Name} on {endpoint.Endpoint.Describe()} could not be read: {endpoint.Error}."
                    : $"Cluster '{endpoint.ClusterName}': {endpoint.Name} on {endpoint.Endpoint.Describe()} serves {endpoint.Thumbprint}{(endpoint.MatchesCluster ? ", as the record holds" : ", NOT what the record holds")}.");
                host.Output(endpoint);
            }
        }

        /// <summary>The endpoints of one cluster and the leaf thumbprint its record holds per name.</summary>
        /// <param name="record">Read GET /v1/cluster/certificates; false when the caller knows what to expect (verification).</param>
        public static async Task<ServingPlan> PlanAsync(RESession session, Func<string, bool> wanted, IReadOnlyDictionary<string, int>? portOverrides,
            bool record, ICallLog log, CancellationToken cancellationToken)
        {
            IClusterClient client = session.Client;
            IReadOnlyList<NodeInfo> nodes = await client.GetNodesAsync(log, cancellationToken).ConfigureAwait(false);
            ClusterPorts ports = await client.GetClusterPortsAsync(log, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<DatabaseInfo> databases = wanted(CertificateNames.Proxy)
                ? await client.GetDatabasesAsync(log, cancellationToken).ConfigureAwait(false)
                : Array.Empty<DatabaseInfo>();
            var thumbprints = new Dictionary<string, string>(StringComparer.Ordinal);
            if (record)
            {
                foreach (ClusterCertificateEntry entry in await client.GetCertificatesAsync(false, log, cancellationToken).ConfigureAwait(false))
                {
                    if (ServedNames.IsServed(entry.Name) && RECertificate.TryFromClusterEntry(entry, session, out _) is RECertificate held)
                    {
                        thumbprints[entry.Name] = held.Thumbprint;
                    }
                }
            }

            IReadOnlyList<ServedEndpoint> endpoints = EndpointPlan.Make(nodes, ports, databases, portOverrides, wanted);
            log.Verbose($"Cluster '{session.Label}': {endpoints.Count} endpoint(s) to read on {nodes.Count} node(s): " +
                string.Join(", ", endpoints.GroupBy(e => e.Name).Select(g => $"{g.Key} on port(s) {string.Join("/", g.Select(e => e.Port).Distinct())}")) + ".");
            return new ServingPlan(session, endpoints, thumbprints);
        }

        /// <summary>One probe per endpoint of every plan, all at once (bounded); results in the plans' order.</summary>
        public static async Task<IReadOnlyList<REServedCertificate>> ProbeAsync(IEndpointProbe probe, IReadOnlyList<ServingPlan> plans, TimeSpan timeout, int throttle,
            Action<int, int>? completed, CancellationToken cancellationToken)
        {
            var items = plans.SelectMany(p => p.Endpoints.Select(e => (Plan: p, Endpoint: e))).ToList();
            IReadOnlyList<Outcome<ProbeResult>> outcomes = await FanOut.RunAsync(items, throttle,
                (item, token) => probe.ReadAsync(item.Endpoint.Address, item.Endpoint.Port, timeout, token),
                done => completed?.Invoke(done, items.Count), cancellationToken).ConfigureAwait(false);
            DateTime now = DateTime.UtcNow;
            return items.Select((item, i) =>
            {
                ProbeResult? read = outcomes[i].Value;
                string? error = read?.Error ?? outcomes[i].Error?.Message;
                item.Plan.Thumbprints.TryGetValue(item.Endpoint.Name, out string? held);
                return new REServedCertificate(item.Plan.Session.ClusterName, item.Endpoint, read?.Leaf, error, held, now);
            }).ToList();
        }
    }

    /// <summary>One cluster's endpoints, and the thumbprint each served name should show.</summary>
    internal sealed class ServingPlan
    {
        public ServingPlan(RESession session, IReadOnlyList<ServedEndpoint> endpoints, IReadOnlyDictionary<string, string> thumbprints)
        {
            Session = session;
            Endpoints = endpoints;
            Thumbprints = thumbprints;
        }

        public RESession Session { get; }

        public IReadOnlyList<ServedEndpoint> Endpoints { get; }

        /// <summary>By name: the record's leaf thumbprint (or, when verifying, the new certificate's).</summary>
        public IReadOnlyDictionary<string, string> Thumbprints { get; }

        /// <summary>The same cluster and expectations, fewer endpoints (those still to be seen serving).</summary>
        public ServingPlan With(IReadOnlyList<ServedEndpoint> endpoints) => new ServingPlan(Session, endpoints, Thumbprints);

        /// <summary>The same endpoints, expecting these thumbprints.</summary>
        public ServingPlan Expecting(IReadOnlyDictionary<string, string> thumbprints) => new ServingPlan(Session, Endpoints, thumbprints);
    }
}
