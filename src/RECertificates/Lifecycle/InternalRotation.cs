using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Cluster;
using RECertificates.Hosting;

namespace RECertificates.Lifecycle
{
    /// <summary>
    /// What Update-REInternalCertificate does, top to bottom in <see cref="Run"/>: refuse where RS200137 would leave a
    /// down node behind (unless -Force), read the health report as it is before (what -WhatIf names, and what proves
    /// a rotation whose answer was lost), ask, send one rotation per name (or one for all) with progress while the
    /// cluster works, and with -Verify look for later expiry dates in the health report.
    /// </summary>
    internal sealed class InternalRotation
    {
        private static readonly TimeSpan VerifyPause = TimeSpan.FromSeconds(2);

        private readonly ICommandHost _host;
        private readonly RESession _session;

        public InternalRotation(ICommandHost host, RESession session)
        {
            _host = host;
            _session = session;
        }

        /// <param name="names">The internal certificates to regenerate; empty for all of them.</param>
        public void Run(IReadOnlyList<string> names, bool force, bool verify, TimeSpan verifyTimeout)
        {
            if (!PassesDownNodeCheck(force))
            {
                return;
            }

            IReadOnlyList<HealthCertificate>? before = ReadHealth();
            var rotated = new List<string?>();
            foreach (string? name in names.Count == 0 ? new string?[] { null } : names.Distinct(StringComparer.OrdinalIgnoreCase).Cast<string?>())
            {
                string what = Describe(name, before);
                string description = $"Regenerate {what} on every node of cluster '{_session.Label}'";
                if (!_host.Confirm(force, description, $"{description}? Nodes and clients switch to the new certificates.", "Rotate internal certificates"))
                {
                    continue;
                }

                try
                {
                    _host.Run((log, token) => SendAsync(name, before, log, token));
                }
                catch (Exception e) when (!(e is PipelineStoppedException))
                {
                    _host.Failure(e, name ?? _session.Label);
                    continue;
                }

                _host.Verbose($"Cluster '{_session.Label}' regenerated {what}.");
                rotated.Add(name);
            }

            if (verify && rotated.Count > 0)
            {
                Verify(before, rotated, verifyTimeout);
            }
        }

        /// <summary>
        /// RS200137: before 8.2.0-46, a rotation skips the nodes that are down and never comes back to them. A node not
        /// 'active' stops the rotation, unless -Force (then a warning names the nodes left behind).
        /// </summary>
        private bool PassesDownNodeCheck(bool force)
        {
            KnownDefect defect = ClusterVersionFacts.InternalRotationSkipsDownNodes;
            if (!defect.Affects(_session.Version))
            {
                return true;
            }

            IReadOnlyList<NodeInfo> nodes;
            try
            {
                nodes = _host.Run((log, token) => _session.Client.GetNodesAsync(log, token));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                _host.Failure(e, _session.Label);
                return false;
            }

            List<NodeInfo> down = nodes.Where(n => !string.Equals(n.Status, "active", StringComparison.OrdinalIgnoreCase)).ToList();
            if (down.Count == 0)
            {
                return true;
            }

            string which = string.Join(", ", down.Select(n => $"node {n.Uid} ({n.Address ?? "no address"}, status '{n.Status ?? "unknown"}')"));
            string known = $"Cluster '{_session.Label}' runs Redis Enterprise {_session.ClusterVersion}, which has {defect.Describe()}. Not active now: {which}.";
            if (!force)
            {
                _host.Error(LifecycleIds.KnownDefect, FailureKind.Refused, _session.Label,
                    $"{known} Nothing was sent. Bring the node(s) back, or remove them from the cluster, and run the command again; upgrade to {defect.Ranges[defect.Ranges.Count - 1].Until} or later; " +
                    "or add -Force to rotate anyway and leave those nodes with their old internal certificates (rotate again once they are back).");
                return false;
            }

            _host.Warning($"{known} -Force: rotating anyway; those nodes keep their old internal certificates and the cluster does not come back to them. Run Update-REInternalCertificate again once they are active.");
            return true;
        }

        /// <summary>The health report before the change; null where there is none (before 8.0.16) or it cannot be read.</summary>
        private IReadOnlyList<HealthCertificate>? ReadHealth()
        {
            try
            {
                return _host.Run((log, token) => _session.Client.GetHealthCertificatesAsync(log, token));
            }
            catch (REApiException e)
            {
                _host.Verbose($"The health report of cluster '{_session.Label}' cannot be read ({e.ErrorId}); the internal certificates' expiry is not known before the rotation.");
                return null;
            }
        }

        /// <summary>The rotation, with a progress bar while the cluster works on it (it may take up to 900 s).</summary>
        private async Task<bool> SendAsync(string? name, IReadOnlyList<HealthCertificate>? before, ICallLog log, CancellationToken cancellationToken)
        {
            string activity = $"Regenerating {(name == null ? "the internal certificates" : $"internal certificate '{name}'")} on cluster '{_session.Label}'";
            var clock = Stopwatch.StartNew();
            Task send = _session.Client.RotateInternalCertificatesAsync(name, before, log, cancellationToken);
            try
            {
                while (!send.IsCompleted)
                {
                    await Task.WhenAny(send, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken)).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                    log.Progress(activity, $"Waited {clock.Elapsed.TotalSeconds:0} s; the cluster may take up to {ClusterClient.RotationTimeLimit.TotalSeconds:0} s");
                }
            }
            finally
            {
                log.Progress(activity, null);
            }

            await send.ConfigureAwait(false);
            return true;
        }

        /// <summary>
        /// -Verify: internal certificates are served on no endpoint a client can read, so the health report is the
        /// witness: each one rotated must show a later valid_until than before. Polled until it does or time is up.
        /// </summary>
        private void Verify(IReadOnlyList<HealthCertificate>? before, IReadOnlyList<string?> rotated, TimeSpan timeout)
        {
            if (before == null)
            {
                _host.Warning($"The rotation on cluster '{_session.Label}' cannot be verified: it has no health report (GET /v4/cluster/health, Redis Enterprise {ClusterVersionFacts.HealthReport.Since} and later) to show the internal certificates' expiry dates.");
                return;
            }

            string? notYet = _host.Run(async (log, token) =>
            {
                var clock = Stopwatch.StartNew();
                string activity = $"Verifying the internal certificates of cluster '{_session.Label}'";
                try
                {
                    while (true)
                    {
                        IReadOnlyList<HealthCertificate>? now = await _session.Client.GetHealthCertificatesAsync(log, token).ConfigureAwait(false);
                        string? problem = now == null
                            ? "its health report cannot be read any more"
                            : string.Join("; ", rotated.Select(name => InternalRotationCheck.NotRotated(before, now, name)).Where(p => p != null).ToArray());
                        if (string.IsNullOrEmpty(problem) || clock.Elapsed + VerifyPause > timeout)
                        {
                            return string.IsNullOrEmpty(problem) ? null : problem;
                        }

                        log.Progress(activity, $"Waited {clock.Elapsed.TotalSeconds:0} s of at most {timeout.TotalSeconds:0} s");
                        await Task.Delay(VerifyPause, token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    log.Progress(activity, null);
                }
            });
            if (notYet == null)
            {
                _host.Verbose($"Verified: the health report of cluster '{_session.Label}' shows every rotated internal certificate with a later expiry date than before.");
            }
            else
            {
                _host.Warning($"The rotation on cluster '{_session.Label}' cannot be verified within {timeout.TotalSeconds:0} s: {notYet}. A node that was down may have been left out; check with Get-RECertificate -IncludeInternal.");
            }
        }

        private static string Describe(string? name, IReadOnlyList<HealthCertificate>? before)
        {
            if (name != null)
            {
                return $"internal certificate '{name}'";
            }

            return before == null || before.Count == 0
                ? "all internal certificates"
                : $"all internal certificates ({string.Join(", ", before.Select(b => b.Type).Distinct(StringComparer.Ordinal).ToArray())})";
        }
    }
}
