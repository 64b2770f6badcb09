using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

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
            WriteWarning("Update-RECertificateLegacy uses PUT /v1/cluster/update_cert, which Redis Enterprise deprecated in 7.22.2 and will remove. On cluster version 7.22.2 and later use Set-RECertificate, which replaces all certificates in one request.");
        }

        private protected override IReadOnlyList<PlannedChange> Send(IReadOnlyList<PlannedChange> approved)
        {
            var replaced = new List<PlannedChange>();
            var progress = new ProgressRecord(ActivityIds.Batch, $"Replacing certificates on cluster '{ClusterLabel}' one by one", "Starting");
            bool showProgress = approved.Count > 1;
            foreach (PlannedChange change in approved)
            {
                if (showProgress)
                {
                    progress.StatusDescription = $"{replaced.Count + 1} of {approved.Count}: '{change.Name}'";
                    progress.PercentComplete = (int)(100.0 * replaced.Count / approved.Count);
                    WriteProgress(progress);
                }

                CertificateUpload upload = ToUpload(change);
                Exception? failure = TrySend(new[] { change }, (log, token) => TargetSession.Client.UpdateCertificateLegacyAsync(upload, Held, log, token));
                if (failure != null)
                {
                    WriteFailure(StoppedAt(failure, change, replaced, approved), change.Name);
                    break;
                }

                WriteVerbose($"Certificate '{change.Name}' replaced on cluster '{ClusterLabel}'.");
                replaced.Add(change);
            }

            if (showProgress)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }

            return replaced;
        }

        /// <summary>The cluster's refusal, plus which certificates the earlier requests already replaced.</summary>
        private Exception StoppedAt(Exception failure, PlannedChange failed, List<PlannedChange> replaced, IReadOnlyList<PlannedChange> approved)
        {
            string done = replaced.Count == 0 ? "none" : string.Join(", ", replaced.Select(c => $"'{c.Name}'"));
            string notDone = string.Join(", ", approved.Skip(replaced.Count).Select(c => $"'{c.Name}'"));
            string summary = $" Stopped at '{failed.Name}'. Already replaced on cluster '{ClusterLabel}': {done}. Not replaced: {notDone}.";
            return failure is REApiException api
                ? new REApiException(api.Message + summary, api.Kind, api.ErrorId, api.StatusCode, api.ErrorCode, api.Description, api)
                : new InvalidOperationException(failure.Message + summary, failure);
        }
    }
}
