using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Commands
{
    /// <summary>
    /// Replaces cluster certificates from files, PEM text or another cluster's certificates, all together in one
    /// PUT /v1/cluster/certificates (Redis Enterprise 7.22.2 and later), or not at all when any input is bad.
    /// On versions with a known defect the plan may split the set (see RequestPlan).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "RECertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(RECertificate))]
    public sealed class SetRECertificateCommand : CertificateUpdateCmdlet
    {
        private protected override UpdateEndpoint Endpoint => UpdateEndpoint.AllInOne;

        private protected override Task WriteAsync(IReadOnlyList<CertificateUpload> uploads, ICallLog log, CancellationToken cancellationToken) =>
            TargetSession.Client.PutCertificatesAsync(uploads, Held, log, cancellationToken);
    }
}
