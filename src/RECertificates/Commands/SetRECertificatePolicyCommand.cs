using System.Collections.Generic;
using System.Management.Automation;
using RECertificates.Cluster;
using RECertificates.Lifecycle;

namespace RECertificates.Commands
{
    /// <summary>
    /// Changes how clusters look after their own certificates: binds what was given and hands it to
    /// CertificatePolicyChange, which checks every value before any cluster is asked (CertificatePolicyRequest), then
    /// reads, plans (only what was given and differs is sent), confirms with "old -> new" and changes each cluster.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "RECertificatePolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RECertificatePolicy))]
    public sealed class SetRECertificatePolicyCommand : RECmdlet
    {
        private readonly List<RESession> _sessions = new List<RESession>();
        private readonly CertificatePolicyRequest _request = new CertificatePolicyRequest();
        private CertificatePolicyChange? _change;

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

            _change = new CertificatePolicyChange(CommandHost, _request);
            _change.Check();
        }

        protected override void ProcessRecord()
        {
            GatherSessions(Session, _sessions);
        }

        protected override void EndProcessing()
        {
            // The 'not verified' warning is the cmdlet's (RECmdlet): written for each session before any is read, as
            // Get-RECertificate and Get-RECertificatePolicy do, so the orchestration needs no way back to the cmdlet.
            WarnIfUnverified(_sessions);

            _change!.Run(_sessions, PassThru);
        }
    }
}
