using System;
using System.Collections.Generic;
using System.Management.Automation;
using RECertificates.Cluster;

namespace RECertificates.Commands
{
    /// <summary>
    /// Replaces cluster certificates from files, PEM text or another cluster's certificates, all together in one
    /// PUT /v1/cluster/certificates (Redis Enterprise 7.22.2 and later), or not at all when any input is bad.
    /// On versions with a known defect the plan may split the set (see RequestPlan).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "RECertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(RECertificate))]
    public sealed class SetRECertificateCommand : CertificateUpdateCmdlet, IDisposable
    {
        private IReadOnlyList<RESession>? _sessions;
        private CertificateUpdateSteps? _steps;

        /// <summary>
        /// The clusters to change, each validated, planned, confirmed and reported on its own; the default session
        /// when not given. Not from the pipeline: a copied certificate carries the session it was read from, which
        /// must not become the target.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public RESession[]? Session { get; set; }

        /// <summary>With several sessions, how many clusters are sent to at once (after each was confirmed in turn).</summary>
        [Parameter]
        [ValidateRange(1, FanOut.MaximumThrottle)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottle;

        protected override void BeginProcessing()
        {
            // The sessions first: without one the cmdlet stops before any file is read.
            _sessions = ResolveSessions(Session);
            WarnIfUnverified(_sessions);

            _steps = new CertificateUpdateSteps(CommandHost, Bound, SkipNameCheck, UpdateEndpoint.AllInOne, Replacement);
        }

        protected override void ProcessRecord() => _steps!.Add(Bound);

        protected override void EndProcessing() => _steps!.Send(_sessions!, ThrottleLimit);

        /// <summary>PowerShell disposes the command however its pipeline ends: the collected keys are wiped then.</summary>
        public void Dispose() => _steps?.Dispose();
    }
}
