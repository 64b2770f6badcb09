using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Cluster;
using RECertificates.Hosting;

namespace RECertificates.Serving
{
    /// <summary>
    /// -Verify: after a change, whether every node serves the new certificates. The plan of endpoints is that of
    /// Get-REServedCertificate, filtered to the names given, polled until every endpoint serves the expected leaf
    /// or the time is up. A node still behind is a NotServed error; an endpoint that cannot be reached is a
    /// warning (a node down does not make the change fail). Names given as name -> expected leaf thumbprint, so
    /// any command that changes served certificates can call it.
    /// </summary>
    internal sealed class ServedVerification
    {
        /// <summary>How often the endpoints are read again while some node is behind.</summary>
        internal static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

        /// <summary>Each probe's limit: a handshake that takes longer counts as unreachable for that round.</summary>
        private static readonly TimeSpan MaximumProbeTime = TimeSpan.FromSeconds(10);

        private readonly RESession _session;
        private readonly ICommandHost _host;
        private readonly TimeSpan _timeout;
        private readonly IEndpointProbe _probe;

        /// <param name="probe">What reads each endpoint: the network (<see cref="TlsProbe.Network"/>) unless a test gives a fake.</param>
        public ServedVerification(RESession session, ICommandHost host, TimeSpan timeout, IEndpointProbe? probe = null)
        {
            _session = session;
            _host = host;
            _timeout = timeout;
            _probe = probe ?? TlsProbe.Network;
        }

        private TimeSpan ProbeTime => TimeSpan.FromSeconds(Math.Max(1, Math.Min(_session.TimeoutSec, MaximumProbeTime.TotalSeconds)));

        /// <summary>
        /// For "unchanged": the names (of those given with the thumbprint the record holds) that some reachable
        /// node serves otherwise, read once without waiting. They are to be sent again.
        /// </summary>
        public ISet<string> NamesServedOtherwise(IReadOnlyDictionary<string, string> held)
        {
            var behind = new HashSet<string>(StringComparer.Ordinal);
            Dictionary<string, string> served = Served(held);
            if (served.Count == 0 || !(TryRun((log, token) => ProbeOnceAsync(served, log, token)) is IReadOnlyList<REServedCertificate> found))
            {
                return behind;
            }

            foreach (REServedCertificate endpoint in found.Where(f => f.Error == null && !f.MatchesCluster))
            {
                behind.Add(endpoint.Name);
                _host.Verbose($"Certificate '{endpoint.Name}' is in the record of cluster '{_session.Label}', but {endpoint.Endpoint.Describe()} serves thumbprint {endpoint.Thumbprint}: it is sent again.");
            }

            return behind;
        }

        /// <summary>Waits (progress, Ctrl+C) until every node serves the expected leaf of each name; writes what is still behind.</summary>
        /// <returns>True when every reachable endpoint serves what it should.</returns>
        public bool WaitUntilServed(IReadOnlyDictionary<string, string> expected)
        {
            Dictionary<string, string> served = Served(expected);
            foreach (string name in expected.Keys.Where(n => !ServedNames.IsServed(n)))
            {
                _host.Verbose($"-Verify: certificate '{name}' is not served on an endpoint the module can read (only {string.Join(", ", ServedNames.All)} are); not verified.");
            }

            if (served.Count == 0 || !(TryRun((log, token) => PollAsync(served, log, token)) is IReadOnlyList<REServedCertificate> last))
            {
                return served.Count == 0;
            }

            bool allServed = true;
            foreach (REServedCertificate endpoint in last)
            {
                string expectedThumbprint = served[endpoint.Name];
                if (endpoint.Error != null)
                {
                    _host.Warning($"-Verify could not read the '{endpoint.Name}' certificate that {endpoint.Endpoint.Describe()} of cluster '{_session.Label}' serves: {endpoint.Error}. Whether that node serves the new certificate ({expectedThumbprint}) is unknown; check it with Get-REServedCertificate once it is reachable.");
                }
                else if (!endpoint.MatchesCluster)
                {
                    allServed = false;
                    NotServed(endpoint,
                        $"{Capitalized(endpoint.Endpoint.Describe())} of cluster '{_session.Label}' still serves thumbprint {endpoint.Thumbprint} ({endpoint.Subject}) for '{endpoint.Name}' after {_timeout.TotalSeconds:0} s, not the new certificate {expectedThumbprint}. " +
                        "The cluster's record holds the new one, but that node did not take it: run the same command with -Verify again (it sends the certificate again when a node serves another), or check the node.");
                }
            }

            if (allServed)
            {
                _host.Verbose($"-Verify: every reachable node of cluster '{_session.Label}' serves the new {string.Join(", ", served.Keys.Select(n => $"'{n}'"))} ({last.Count(e => e.Error == null)} endpoint(s)).");
            }

            return allServed;
        }

        private static Dictionary<string, string> Served(IReadOnlyDictionary<string, string> names) =>
            names.Where(n => ServedNames.IsServed(n.Key)).ToDictionary(n => n.Key, n => n.Value, StringComparer.Ordinal);

        /// <summary>Runs the network part; a cluster whose endpoints cannot even be listed is a warning, and null.</summary>
        private T? TryRun<T>(Func<ICallLog, CancellationToken, Task<T>> work)
            where T : class
        {
            try
            {
                return _host.Run(work);
            }
            catch (REApiException e)
            {
                _host.Warning($"-Verify cannot check what the nodes of cluster '{_session.Label}' serve: listing their endpoints failed ({e.Message}). Check them with Get-REServedCertificate.");
                return null;
            }
        }

        private async Task<ServingPlan> PlanAsync(IReadOnlyDictionary<string, string> expected, ICallLog log, CancellationToken token)
        {
            ServingPlan plan = await ServedCertificateSurvey.PlanAsync(_session, expected.ContainsKey, null, false, log, token).ConfigureAwait(false);
            return plan.Expecting(expected);
        }

        private async Task<IReadOnlyList<REServedCertificate>> ProbeOnceAsync(IReadOnlyDictionary<string, string> expected, ICallLog log, CancellationToken token)
        {
            ServingPlan plan = await PlanAsync(expected, log, token).ConfigureAwait(false);
            return await ServedCertificateSurvey.ProbeAsync(_probe, new[] { plan }, ProbeTime, FanOut.DefaultThrottle, null, token).ConfigureAwait(false);
        }

        /// <summary>Reads every endpoint, then again only those not yet serving the new leaf, until none is left or time is up.</summary>
        private async Task<IReadOnlyList<REServedCertificate>> PollAsync(IReadOnlyDictionary<string, string> expected, ICallLog log, CancellationToken token)
        {
            Stopwatch waited = Stopwatch.StartNew();
            ServingPlan plan = await PlanAsync(expected, log, token).ConfigureAwait(false);
            var latest = new Dictionary<ServedEndpoint, REServedCertificate>();
            string activity = $"Waiting until every node of cluster '{_session.Label}' serves the new {string.Join(", ", expected.Keys)}";
            ServingPlan pending = plan;
            try
            {
                while (true)
                {
                    foreach (REServedCertificate result in await ServedCertificateSurvey.ProbeAsync(_probe, new[] { pending }, ProbeTime, FanOut.DefaultThrottle, null, token).ConfigureAwait(false))
                    {
                        latest[result.Endpoint] = result;
                    }

                    List<ServedEndpoint> notYet = plan.Endpoints.Where(e => !latest[e].MatchesCluster).ToList();
                    log.Progress(activity, $"{plan.Endpoints.Count - notYet.Count} of {plan.Endpoints.Count} endpoint(s) serve it; waited {waited.Elapsed.TotalSeconds:0} s of at most {_timeout.TotalSeconds:0} s");
                    TimeSpan left = _timeout - waited.Elapsed;
                    if (notYet.Count == 0 || left <= TimeSpan.Zero)
                    {
                        break;
                    }

                    log.Verbose($"-Verify: {string.Join("; ", notYet.Select(e => $"{e.Describe()} {(latest[e].Error != null ? "cannot be read (" + latest[e].Error + ")" : "serves " + latest[e].Thumbprint)}"))}; reading again in {PollInterval.TotalSeconds:0} s.");
                    await Task.Delay(left < PollInterval ? left : PollInterval, token).ConfigureAwait(false);
                    pending = plan.With(notYet);
                }
            }
            finally
            {
                log.Progress(activity, null);
            }

            return plan.Endpoints.Select(e => latest[e]).ToList();
        }

        private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        /// <summary>A node that still serves another certificate when the time is up.</summary>
        private void NotServed(REServedCertificate served, string message) =>
            _host.Error(ServingIds.NotServed, FailureKind.PartiallyCompleted, served.Name, message);
    }
}
