using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Hosting;
using RECertificates.Cluster;
using RECertificates.Lifecycle;

namespace RECertificates.Commands
{
    /// <summary>
    /// Changes how clusters look after their own certificates. Every value is checked before any cluster is asked
    /// (CertificatePolicyRequest); then each cluster is read, planned (only what was given and differs is sent),
    /// confirmed with "old -> new", and changed, the clusters concurrently.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "RECertificatePolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RECertificatePolicy))]
    public sealed class SetRECertificatePolicyCommand : RECmdlet
    {
        private readonly List<RESession> _sessions = new List<RESession>();
        private readonly CertificatePolicyRequest _request = new CertificatePolicyRequest();

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public RESession[]? Session { get; set; }

        /// <summary>Turns the cluster's rotation job for its internal certificates on or off.</summary>
        [Parameter]
        public bool RotationEnabled { get; set; }

        /// <summary>When the rotation job runs: a five-field cron expression.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RotationSchedule { get; set; }

        /// <summary>How many days (1-90) before expiry an internal certificate is regenerated.</summary>
        [Parameter]
        public int RotateDaysBeforeExpiry { get; set; }

        /// <summary>Turns the expiry alert for the certificates you provide on, firing this many days before expiry.</summary>
        [Parameter]
        public int ExpiryAlertDays { get; set; }

        /// <summary>Turns the expiry alert for the nodes' internal certificates on, firing this many days before expiry.</summary>
        [Parameter]
        public int InternalExpiryAlertDays { get; set; }

        /// <summary>Turns both certificate expiry alerts off.</summary>
        [Parameter]
        public SwitchParameter DisableExpiryAlert { get; set; }

        /// <summary>Emit each cluster's policy as read back after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            Dictionary<string, object> given = MyInvocation.BoundParameters;
            _request.RotationEnabled = given.ContainsKey(nameof(RotationEnabled)) ? RotationEnabled : (bool?)null;
            _request.RotationSchedule = given.ContainsKey(nameof(RotationSchedule)) ? RotationSchedule : null;
            _request.RotateDaysBeforeExpiry = given.ContainsKey(nameof(RotateDaysBeforeExpiry)) ? RotateDaysBeforeExpiry : (int?)null;
            _request.ExpiryAlertDays = given.ContainsKey(nameof(ExpiryAlertDays)) ? ExpiryAlertDays : (int?)null;
            _request.InternalExpiryAlertDays = given.ContainsKey(nameof(InternalExpiryAlertDays)) ? InternalExpiryAlertDays : (int?)null;
            _request.DisableExpiryAlert = DisableExpiryAlert.IsPresent;

            IReadOnlyList<PolicyProblem> problems = _request.Validate();
            if (problems.Count > 0)
            {
                ThrowTerminatingError(ErrorRecords.Create(LifecycleIds.InvalidPolicy, FailureKind.InvalidArgument, string.Join(", ", problems.Select(p => "-" + p.Parameter).Distinct()),
                    string.Join(" ", problems.Select(p => p.Message)) + " Nothing was sent."));
            }

            if (_request.IsEmpty)
            {
                ThrowTerminatingError(ErrorRecords.Create(LifecycleIds.InvalidPolicy, FailureKind.InvalidArgument, null,
                    "Nothing to change: give at least one of -RotationEnabled, -RotationSchedule, -RotateDaysBeforeExpiry, -ExpiryAlertDays, -InternalExpiryAlertDays or -DisableExpiryAlert. Get-RECertificatePolicy shows the current values."));
            }
        }

        protected override void ProcessRecord()
        {
            GatherSessions(Session, _sessions);
        }

        protected override void EndProcessing()
        {
            IReadOnlyList<Outcome<RECertificatePolicy>> current = RunEach(_sessions, FanOut.DefaultThrottle, "Reading certificate policies from clusters",
                (session, log, token) => CertificatePolicyReader.ReadAsync(session, log, token));

            var approved = new List<(RESession Session, PolicyPlan Plan)>();
            var unchanged = new List<RECertificatePolicy>();
            for (int i = 0; i < current.Count; i++)
            {
                RESession session = _sessions[i];
                WarnIfUnverified(session);
                if (current[i].Error != null)
                {
                    WriteFailure(current[i].Error!, session.Label);
                    continue;
                }

                PolicyPlan plan = _request.Plan(current[i].Value!);
                if (plan.IsEmpty)
                {
                    WriteVerbose($"The certificate policy of cluster '{session.Label}' already has the values given; nothing was sent.");
                    unchanged.Add(current[i].Value!);
                    continue;
                }

                string description = $"Change the certificate policy of cluster '{session.Label}': {plan.Describe()}";
                if (ForcedConfirmation.ShouldProcess(this, false, description, $"{description}?", "Change certificate policy"))
                {
                    approved.Add((session, plan));
                }
            }

            IReadOnlyList<Outcome<RECertificatePolicy?>> changed = RunEach(approved, FanOut.DefaultThrottle, "Changing certificate policies",
                (item, log, token) => ChangeAsync(item.Session, item.Plan, log, token));
            for (int i = 0; i < changed.Count; i++)
            {
                if (changed[i].Error != null)
                {
                    WriteFailure(changed[i].Error!, approved[i].Session.Label);
                    continue;
                }

                WriteVerbose($"Cluster '{approved[i].Session.Label}' took the certificate policy change: {approved[i].Plan.Describe()}.");
                if (changed[i].Value != null)
                {
                    WriteObject(changed[i].Value);
                }
            }

            if (PassThru)
            {
                WriteObject(unchanged, enumerateCollection: true);
            }
        }

        /// <summary>The job scheduler and the alerts, each only when something of theirs changes; then the read-back for -PassThru.</summary>
        private async Task<RECertificatePolicy?> ChangeAsync(RESession session, PolicyPlan plan, ICallLog log, CancellationToken cancellationToken)
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

            return PassThru ? await CertificatePolicyReader.ReadAsync(session, log, cancellationToken).ConfigureAwait(false) : null;
        }
    }
}
