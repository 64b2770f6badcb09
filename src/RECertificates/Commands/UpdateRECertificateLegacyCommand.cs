using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Commands
{
    /// <summary>
    /// Replaces cluster certificates through PUT /v1/cluster/update_cert, the only write endpoint of clusters
    /// older than 7.22.2: one request per certificate, in name order, stopping at the first failure so the
    /// operator knows exactly which were replaced. Same inputs and validation as Set-RECertificate.
    /// </summary>
    [Cmdlet(VerbsData.Update, "RECertificateLegacy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(RECertificate))]
    public sealed class UpdateRECertificateLegacyCommand : CertificateUpdateCmdlet
    {
        protected override void BeginProcessing()
        {
            base.BeginProcessing();

            // Once per invocation, even with -WhatIf: whoever runs this should learn that a better way exists.
            SoftwareVersion since = ClusterVersionFacts.BulkCertificateUpdate.Since;
            WriteWarning($"Update-RECertificateLegacy uses PUT /v1/cluster/update_cert, which Redis Enterprise deprecated in {since} and will remove. On cluster version {since} and later use Set-RECertificate, which replaces all certificates in one request.");
        }

        private protected override UpdateEndpoint Endpoint => UpdateEndpoint.OneByOne;

        private protected override Task WriteAsync(IReadOnlyList<CertificateUpload> uploads, ICallLog log, CancellationToken cancellationToken) =>
            TargetSession.Client.UpdateCertificateLegacyAsync(uploads.Single(), Held, log, cancellationToken);
    }
}
