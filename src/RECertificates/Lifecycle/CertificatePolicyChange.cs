using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Cluster;
using RECertificates.Hosting;

namespace RECertificates.Lifecycle
{
    /// <summary>
    /// What Set-RECertificatePolicy does, top to bottom: <see cref="Check"/> refuses bad values before any cluster is
    /// asked; <see cref="Run"/> reads every cluster (CertificatePolicyReader.ReadEach), plans each against what it holds
    /// (only what was given and differs is sent), asks with "old -> new", and changes the approved clusters at once,
    /// one failing cluster leaving the others changed. Over <see cref="ICommandHost"/> and each session's
    /// <see cref="IClusterClient"/>, so xUnit drives it without a runspace.
    /// </summary>
    internal sealed class CertificatePolicyChange
    {
        private readonly ICommandHost _host;
        private readonly CertificatePolicyRequest _request;

        public CertificatePolicyChange(ICommandHost host, CertificatePolicyRequest request)
        {
            _host = host;
            _request = request;
        }

        /// <summary>
        /// Stops the command (InvalidPolicy) on any bad value, naming every parameter at fault, or when nothing was
        /// asked at all: called before the sessions are gathered, so no cluster is read for a request that cannot go.
        /// </summary>
        public void Check()
        {
            IReadOnlyList<PolicyProblem> problems = _request.Validate();
            if (problems.Count > 0)
            {
                _host.Stop(ErrorRecords.Create(LifecycleIds.InvalidPolicy, FailureKind.InvalidArgument, string.Join(", ", problems.Select(p => "-" + p.Parameter).Distinct()),
                    string.Join(" ", problems.Select(p => p.Message)) + " Nothing was sent."));
            }

            if (_request.IsEmpty)
            {
                _host.Stop(ErrorRecords.Create(LifecycleIds.InvalidPolicy, FailureKind.InvalidArgument, null,
                    "Nothing to change: give at least one of -RotationEnabled, -RotationSchedule, -RotateDaysBeforeExpiry, -ExpiryAlertDays, -InternalExpiryAlertDays or -DisableExpiryAlert. Get-RECertificatePolicy shows the current values."));
            }
        }

        /// <param name="passThru">Write each cluster's policy: read back after a change, as read before for a cluster left as it was.</param>
        public void Run(IReadOnlyList<RESession> sessions, bool passThru)
        {
            var approved = new List<(RESession Session, PolicyPlan Plan)>();
            var unchanged = new List<RECertificatePolicy>();
            CertificatePolicyReader.ReadEach(_host, sessions, (session, current) =>
            {
                PolicyPlan plan = _request.Plan(current);
                if (plan.IsEmpty)
                {
                    _host.Verbose($"The certificate policy of cluster '{session.Label}' already has the values given; nothing was sent.");
                    unchanged.Add(current);
                    return;
                }

                string description = $"Change the certificate policy of cluster '{session.Label}': {plan.Describe()}";
                if (_host.Confirm(false, description, $"{description}?", "Change certificate policy"))
                {
                    approved.Add((session, plan));
                }
            });

            _host.RunEachInTurn(approved, FanOut.DefaultThrottle, "Changing certificate policies",
                (item, log, token) => ChangeAsync(item.Session, item.Plan, passThru, log, token), item => item.Session.Label, (item, policy) =>
                {
                    _host.Verbose($"Cluster '{item.Session.Label}' took the certificate policy change: {item.Plan.Describe()}.");
                    if (policy != null)
                    {
                        _host.Output(policy);
                    }
                });

            if (passThru)
            {
                foreach (RECertificatePolicy policy in unchanged)
                {
                    _host.Output(policy);
                }
            }
        }

        /// <summary>The job scheduler and the alerts, each only when something of theirs changes; then the read-back for -PassThru.</summary>
        private static async Task<RECertificatePolicy?> ChangeAsync(RESession session, PolicyPlan plan, bool passThru, ICallLog log, CancellationToken cancellationToken)
        {
            if (!plan.Rotation.IsEmpty)
            {
                log.Verbose($"Sending the rotation schedule to cluster '{session.Label}' (PUT /v1/job_scheduler).");
                await session.Client.PutRotationSettingsAsync(plan.Rotation, log, cancellationToken).ConfigureAwait(false);
            }

            if (!plan.Alerts.IsEmpty)
            {
                log.Verbose($"Sending the certificate expiry alerts to cluster '{session.Label}' (PUT /v1/cluster, alert_settings).");
                await session.Client.PutCertificateAlertsAsync(plan.Alerts, log, cancellationToken).ConfigureAwait(false);
            }

            return passThru ? await CertificatePolicyReader.ReadAsync(session, log, cancellationToken).ConfigureAwait(false) : null;
        }
    }
}
