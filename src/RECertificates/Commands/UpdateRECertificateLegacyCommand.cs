using System;
using System.Management.Automation;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Commands
{
    /// <summary>
    /// Replaces cluster certificates through PUT /v1/cluster/update_cert, the only write endpoint of clusters
    /// older than 7.22.2: one request per certificate, in name order, stopping at the first failure so the
    /// operator knows exactly which were replaced. Same inputs and validation as Set-RECertificate.
    /// </summary>
    [Cmdlet(VerbsData.Update, "RECertificateLegacy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(RECertificate))]
    public sealed class UpdateRECertificateLegacyCommand : CertificateUpdateCmdlet, IDisposable
    {
        private RESession? _session;
        private CertificateUpdateSteps? _steps;

        /// <summary>The cluster to change; the default session when not given. Not from the pipeline: a copied
        /// certificate carries the session it was read from, which must not become the target.</summary>
        [Parameter]
        [ValidateNotNull]
        public RESession? Session { get; set; }

        protected override void BeginProcessing()
        {
            // The session first: without one the cmdlet stops before any file is read.
            _session = ResolveSession(Session);
            _steps = new CertificateUpdateSteps(CommandHost, Bound, SkipNameCheck, UpdateEndpoint.OneByOne, Replacement);

            // Once per invocation, even with -WhatIf: whoever runs this should learn that a better way exists.
            SoftwareVersion since = ClusterVersionFacts.BulkCertificateUpdate.Since;
            WriteWarning($"Update-RECertificateLegacy uses PUT /v1/cluster/update_cert, which Redis Enterprise deprecated in {since} and will remove. On cluster version {since} and later use Set-RECertificate, which replaces all certificates in one request.");
        }

        protected override void ProcessRecord() => _steps!.Add(Bound);

        protected override void EndProcessing() => _steps!.Send(new[] { _session! }, throttle: 1);

        /// <summary>PowerShell disposes the command however its pipeline ends: the collected keys are wiped then.</summary>
        public void Dispose() => _steps?.Dispose();
    }
}
