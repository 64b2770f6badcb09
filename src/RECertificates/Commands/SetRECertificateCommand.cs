using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace RECertificates.Commands
{
    /// <summary>
    /// Replaces cluster certificates from files, PEM text or another cluster's certificates, all together in one
    /// PUT /v1/cluster/certificates (Redis Enterprise 7.22.2 and later), or not at all when any input is bad.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "RECertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(RECertificate))]
    public sealed class SetRECertificateCommand : CertificateUpdateCmdlet
    {
        private protected override IReadOnlyList<PlannedChange> Send(IReadOnlyList<PlannedChange> approved)
        {
            List<CertificateUpload> uploads = approved.Select(ToUpload).ToList();
            string names = string.Join(", ", approved.Select(c => c.Name));
            var progress = new ProgressRecord(ActivityIds.Batch, $"Replacing certificates on cluster '{ClusterLabel}'", $"Sending {names}");
            bool showProgress = approved.Count > 1;
            if (showProgress)
            {
                WriteProgress(progress);
            }

            WriteVerbose($"Sending {approved.Count} certificate(s) to cluster '{ClusterLabel}' in one request: {names}.");
            Exception? failure = TrySend(approved, (log, token) => TargetSession.Client.PutCertificatesAsync(uploads, Held, log, token));
            if (showProgress)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }

            if (failure != null)
            {
                WriteFailure(failure, names);
                return Array.Empty<PlannedChange>();
            }

            return approved;
        }
    }
}
