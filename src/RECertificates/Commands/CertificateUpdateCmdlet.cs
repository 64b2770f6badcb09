using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Commands
{
    /// <summary>
    /// What Set-RECertificate and Update-RECertificateLegacy share once the inputs are validated: refusing to
    /// send anything when one input is bad or the cluster's version cannot take it, leaving out what the cluster
    /// already holds, asking per certificate with what it replaces, sending the request plan (see RequestPlan),
    /// keeping a pinned session working across an 'api' rotation, the reminders after 'proxy' and 'syncer', and
    /// -PassThru. The two differ only in their endpoint (one request, or one per certificate).
    /// </summary>
    public abstract class CertificateUpdateCmdlet : CertificateInputCmdlet
    {
        private RESession? _session;
        private IReadOnlyList<ClusterCertificateEntry> _held = Array.Empty<ClusterCertificateEntry>();

        /// <summary>The cluster to change; the default session when not given. Not from the pipeline: a copied
        /// certificate carries the session it was read from, which must not become the target.</summary>
        [Parameter]
        [ValidateNotNull]
        public RESession? Session { get; set; }

        /// <summary>Replace without asking (unless -Confirm is given explicitly); -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emit the new certificates as the cluster holds them afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Keep what the cluster holds for the names about to change, with keys, in this folder first.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupPath { get; set; }

        private protected RESession TargetSession => _session!;

        private protected string ClusterLabel => _session!.ClusterName ?? _session!.Uri.Host;

        /// <summary>What the cluster held when this command read it: how a lost answer is told from another change.</summary>
        private protected IReadOnlyList<ClusterCertificateEntry> Held => _held;

        protected override void BeginProcessing()
        {
            // No session stops the cmdlet before any file is read.
            _session = ResolveSessions(Session == null ? null : new[] { Session })[0];
            WarnIfUnverified(_session);
            base.BeginProcessing();
        }

        /// <summary>Which write endpoint the cmdlet uses: how the plan groups certificates into requests.</summary>
        private protected abstract UpdateEndpoint Endpoint { get; }

        private protected sealed override void ProcessValidated(CertificateSet set, CertificateValidationReport report)
        {
            if (set.Inputs.Count > 0 && !AllowedByClusterVersion(set, ref report))
            {
                return;
            }

            WriteIssues(report);
            if (!report.IsValid)
            {
                RefuseAll(report);
                return;
            }

            if (set.Inputs.Count == 0)
            {
                WriteVerbose("No certificate was given; nothing to send.");
                return;
            }

            if (RefuseLockOut(set))
            {
                return;
            }

            if (!TryReadCurrent(out Dictionary<string, RECertificate?> current))
            {
                return;
            }

            List<PlannedChange> changes = set.Inputs.Zip(report.Results, (input, result) =>
                {
                    bool isSet = current.TryGetValue(input.Name, out RECertificate? old);
                    return new PlannedChange(input, result.Certificate!, old, isSet, TargetSession.MayBePartlyUpdated(input.Name));
                })
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            RequestPlan<PlannedChange> proposed = MakePlan(changes);
            foreach (PlannedChange change in proposed.Unchanged)
            {
                TellUnchanged(change);
            }

            // Before any confirmation, so -WhatIf can say where it would go; only for what would really change.
            if (proposed.Changed.Any() && !BackupBeforeChange.Run(this, TargetSession, BackupPath, proposed.Changed.Select(c => c.Name)))
            {
                return;
            }

            List<PlannedChange> approved = proposed.Changed.Where(Approve).ToList();
            bool whatIf = ForcedConfirmation.IsWhatIf(this);
            RequestPlan<PlannedChange> plan = whatIf ? proposed : MakePlan(approved);
            foreach (string note in plan.Notes)
            {
                Tell(note, whatIf);
            }

            IReadOnlyList<PlannedChange> replaced = Array.Empty<PlannedChange>();
            if (!proposed.Changed.Any())
            {
                WriteVerbose($"Cluster '{ClusterLabel}' already holds every certificate given; nothing was sent.");
            }
            else if (approved.Count == 0)
            {
                WriteVerbose($"No certificate was approved; nothing was sent to cluster '{ClusterLabel}'.");
            }
            else
            {
                replaced = Send(plan);
            }

            AfterUpdate(replaced, proposed.Unchanged);
        }

        /// <summary>Sends one request of the plan: its certificates, through the cmdlet's endpoint.</summary>
        private protected abstract Task WriteAsync(IReadOnlyList<CertificateUpload> uploads, ICallLog log, CancellationToken cancellationToken);

        /// <summary>
        /// Refuses, before anything is sent, what the cluster's version cannot take: the whole call on a cluster
        /// without the cmdlet's endpoint (false, once the input is valid), or the names that came after its version
        /// (added to the report, so they stop the whole set like any other invalid input).
        /// </summary>
        private bool AllowedByClusterVersion(CertificateSet set, ref CertificateValidationReport report)
        {
            RESession session = TargetSession;
            // Bad input is told first (and refused as a whole below); the version matters once the input is good.
            if (report.IsValid && Endpoint == UpdateEndpoint.AllInOne && ClusterVersionRules.TooOldForAllInOne(session.ClusterVersion, session.Version, ClusterLabel) is string tooOld)
            {
                WriteIssues(report);
                WriteError(ErrorRecords.Create("ClusterVersionTooOld", FailureKind.NotImplemented, ClusterLabel, tooOld));
                return false;
            }

            IReadOnlyList<ValidationIssue> unsupported = ClusterVersionRules.UnsupportedNames(set.Inputs, session.ClusterVersion, session.Version, ClusterLabel);
            if (unsupported.Count > 0)
            {
                report = new CertificateValidationReport(report.SetIssues.Concat(unsupported).ToList(), report.Results);
            }

            return true;
        }

        private RequestPlan<PlannedChange> MakePlan(IReadOnlyList<PlannedChange> changes) =>
            RequestPlan.Make(changes, c => c.Name, c => c.IsUnchanged, Endpoint, TargetSession.Version);

        /// <summary>A certificate the cluster already holds is not sent: -WhatIf says so, -Verbose says it was skipped.</summary>
        private void TellUnchanged(PlannedChange change)
        {
            string what = $"Certificate '{change.Name}' on cluster '{ClusterLabel}' is unchanged: the cluster already holds this chain (thumbprint {change.New.Thumbprint})";
            if (ForcedConfirmation.IsWhatIf(this))
            {
                Tell($"{what}. It would not be sent.", whatIf: true);
            }
            else
            {
                WriteVerbose($"{what}; skipped, not sent.");
            }
        }

        /// <summary>A line of the plan: "What if: ..." under -WhatIf, a verbose line otherwise.</summary>
        private void Tell(string text, bool whatIf)
        {
            if (whatIf)
            {
                // Under -WhatIf, ShouldProcess only writes "What if: <text>" and answers false.
                ShouldProcess(text, text, "Plan");
            }
            else
            {
                WriteVerbose(text);
            }
        }

        /// <summary>
        /// Sends the plan's requests in order, stopping at the first failure, whose error then says what the earlier
        /// requests already changed. After a request that can take the REST API away, waits for it to answer again.
        /// Returns the changes the cluster confirmed.
        /// </summary>
        private IReadOnlyList<PlannedChange> Send(RequestPlan<PlannedChange> plan)
        {
            List<PlannedChange> all = plan.Changed.ToList();
            var replaced = new List<PlannedChange>();
            var progress = new ProgressRecord(ActivityIds.Batch, $"Replacing certificates on cluster '{ClusterLabel}'", "Starting");
            bool showProgress = all.Count > 1;
            foreach (PlannedRequest<PlannedChange> request in plan.Requests)
            {
                string names = string.Join(", ", request.Items.Select(c => c.Name));
                if (showProgress)
                {
                    progress.StatusDescription = $"{replaced.Count + 1} of {all.Count}: {names}";
                    progress.PercentComplete = (int)(100.0 * replaced.Count / all.Count);
                    WriteProgress(progress);
                }

                WriteVerbose($"Sending {request.Items.Count} certificate(s) to cluster '{ClusterLabel}' in one request: {names}.");
                List<CertificateUpload> uploads = request.Items.Select(ToUpload).ToList();
                Exception? failure = TrySend(request.Items, (log, token) => WriteAsync(uploads, log, token));
                TargetSession.NotePartlyUpdated(request.Items.Select(c => c.Name), failure is REApiException { Kind: FailureKind.PartiallyCompleted });
                if (failure != null)
                {
                    WriteFailure(StoppedAt(failure, request.Items, replaced, all), names);
                    break;
                }

                WriteVerbose($"Cluster '{ClusterLabel}' accepted {names}.");
                replaced.AddRange(request.Items);
                if (request.WaitForApiAfter != null)
                {
                    WaitForApi(request.WaitForApiAfter);
                }
            }

            if (showProgress)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }

            return replaced;
        }

        /// <summary>The cluster's refusal, plus which certificates the earlier requests already replaced.</summary>
        private Exception StoppedAt(Exception failure, IReadOnlyList<PlannedChange> failed, List<PlannedChange> replaced, List<PlannedChange> all)
        {
            string done = replaced.Count == 0 ? "none" : string.Join(", ", replaced.Select(c => $"'{c.Name}'"));
            string notDone = string.Join(", ", all.Skip(replaced.Count).Select(c => $"'{c.Name}'"));
            string summary = $" Stopped at {string.Join(", ", failed.Select(c => $"'{c.Name}'"))}. Already replaced on cluster '{ClusterLabel}': {done}. Not replaced: {notDone}.";
            switch (failure)
            {
                case REApiException api:
                    return new REApiException(api.Message + summary, api.Kind, api.ErrorId, api.StatusCode, api.ErrorCode, api.Description, api);
                case SessionClosedException _:
                    // Still a closed session (its own ErrorId), not a defect of ours.
                    return new SessionClosedException(failure.Message + summary);
                default:
                    return new InvalidOperationException(failure.Message + summary, failure);
            }
        }

        /// <summary>Waits, bounded and with a progress bar, for the REST API a known defect may have taken away; Ctrl+C stops it.</summary>
        private void WaitForApi(KnownDefect defect)
        {
            TimeSpan bound = ClusterVersionFacts.InternodeApiOutageBound;
            WriteVerbose($"Waiting up to {bound.TotalMinutes:0} minutes for the REST API of cluster '{ClusterLabel}' to answer again, because of {defect.Describe()}.");
            string activity = $"Waiting for the REST API of cluster '{ClusterLabel}' ({defect.Id})";
            bool answered = Run(async (log, token) =>
            {
                bool back = await ApiAvailability.WaitAsync(TargetSession.Client, bound,
                    waited => log.Progress(activity, $"Waited {waited.TotalSeconds:0} s of at most {bound.TotalSeconds:0} s"), log, token).ConfigureAwait(false);
                log.Progress(activity, null);
                return back;
            });
            if (answered)
            {
                WriteVerbose($"The REST API of cluster '{ClusterLabel}' answers again.");
            }
            else
            {
                WriteWarning($"The REST API of cluster '{ClusterLabel}' did not answer within {bound.TotalMinutes:0} minutes after the internode certificate change ({defect.Id}). The cluster accepted the change; check it with Get-RECertificate once the API answers.");
            }
        }

        /// <summary>
        /// Runs one write whose changes are <paramref name="batch"/>; returns the failure instead of throwing, so
        /// the caller can say what was and was not changed. An 'api' rotation re-pins the session around it.
        /// </summary>
        private protected Exception? TrySend(IReadOnlyList<PlannedChange> batch, Func<ICallLog, CancellationToken, Task> write)
        {
            PlannedChange? api = batch.FirstOrDefault(c => c.Name == CertificateNames.Api);
            ApiPinRotation? rotation = api?.Current == null ? null : ApiPinRotation.Begin(TargetSession.Trust, api.Current.Certificate, api.New.Certificate);
            try
            {
                Run(async (log, token) =>
                {
                    await write(log, token).ConfigureAwait(false);
                    return true;
                });
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                if (rotation != null)
                {
                    WriteVerbose($"The session now trusts both the old and the new 'api' certificate of cluster '{ClusterLabel}' ({string.Join(", ", rotation.NewPins)}), since some nodes may present either.");
                }

                return e;
            }

            if (rotation != null)
            {
                rotation.Complete();
                WriteVerbose($"Cluster '{ClusterLabel}' now presents the new 'api' certificate: the session's pin moved from the old certificate to the new one ({string.Join(", ", rotation.NewPins)}), so this session keeps working. Give -CertificateThumbprint {rotation.NewPins[0]} to Connect-RECluster from now on.");
            }

            return null;
        }

        private protected static CertificateUpload ToUpload(PlannedChange change) =>
            new CertificateUpload(change.Name, change.Input.CertificatePem, change.Input.Key);

        private void RefuseAll(CertificateValidationReport report)
        {
            List<string> failed = report.Errors.Select(e => e.Target).Distinct(StringComparer.Ordinal).ToList();
            WriteError(ErrorRecords.Create("NothingSent", FailureKind.InvalidData, failed.Count == 1 ? failed[0] : string.Join(", ", failed),
                $"Nothing was sent to cluster '{ClusterLabel}': {failed.Count} input(s) failed validation ({string.Join("; ", failed)}). " +
                "Certificates are replaced all together or not at all: fix the errors above (Test-RECertificate shows them) and run the command again. The cluster was not changed."));
        }

        /// <summary>
        /// A certificate session must not replace mtls_trusted_ca with a bundle that no longer trusts its own client
        /// certificate: the next request would be refused, and with Basic turned off nobody could log in. -Force does
        /// not override it. Refuses the whole set, as any invalid input does.
        /// </summary>
        private bool RefuseLockOut(CertificateSet set)
        {
            CertificateInput? trustedCa = set.Inputs.FirstOrDefault(i => i.Name == CertificateNames.MtlsTrustedCa);
            string? problem = trustedCa == null ? null : LockOutGuard.CheckReplacement(TargetSession.ClientCertificate, trustedCa.CertificatePem, ClusterLabel);
            if (problem == null)
            {
                return false;
            }

            WriteError(ErrorRecords.Create("WouldLockOut", FailureKind.Refused, CertificateNames.MtlsTrustedCa, problem + " Nothing was sent."));
            return true;
        }

        /// <summary>One GET, so each confirmation can say what is being replaced.</summary>
        private bool TryReadCurrent(out Dictionary<string, RECertificate?> current)
        {
            current = new Dictionary<string, RECertificate?>(StringComparer.Ordinal);
            if (!TryReadHeld(out IReadOnlyList<ClusterCertificateEntry> entries))
            {
                return false;
            }

            _held = entries;
            foreach (ClusterCertificateEntry entry in entries)
            {
                // Null when held but unreadable: the confirmation says so.
                current[entry.Name] = RECertificate.TryFromClusterEntry(entry, TargetSession, out _);
            }

            return true;
        }

        /// <summary>One GET of the cluster's certificates (no keys); a failure is written as this cluster's error.</summary>
        private bool TryReadHeld(out IReadOnlyList<ClusterCertificateEntry> entries)
        {
            try
            {
                entries = Run((log, token) => TargetSession.Client.GetCertificatesAsync(false, log, token));
                return true;
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteFailure(e, ClusterLabel);
                entries = Array.Empty<ClusterCertificateEntry>();
                return false;
            }
        }

        /// <summary>One confirmation per certificate; -Force means "do not ask" (see ForcedConfirmation).</summary>
        private bool Approve(PlannedChange change)
        {
            string description = change.Describe(ClusterLabel);
            return ForcedConfirmation.ShouldProcess(this, Force, description, $"{description}. Replace it?", "Replace certificate");
        }

        /// <summary>The reminders after proxy and syncer changes, then -PassThru: the replaced and the unchanged, as the cluster holds them.</summary>
        private void AfterUpdate(IReadOnlyList<PlannedChange> replaced, IReadOnlyList<PlannedChange> unchanged)
        {
            if (ReplicationReminder.For(replaced.Select(c => c.Name), ClusterLabel) is string reminder)
            {
                WriteWarning(reminder);
            }

            if (!PassThru)
            {
                return;
            }

            if (replaced.Count == 0)
            {
                // Nothing changed: what was read before is what the cluster holds.
                foreach (PlannedChange change in unchanged)
                {
                    WriteObject(change.Current);
                }

                return;
            }

            WriteReadBack(replaced.Concat(unchanged).OrderBy(c => c.Name, StringComparer.Ordinal).ToList());
        }

        private void WriteReadBack(IReadOnlyList<PlannedChange> changes)
        {
            if (!TryReadHeld(out IReadOnlyList<ClusterCertificateEntry> entries))
            {
                return;
            }

            foreach (PlannedChange change in changes)
            {
                ClusterCertificateEntry? entry = entries.FirstOrDefault(e => e.Name == change.Name);
                if (entry == null)
                {
                    WriteError(ErrorRecords.Create("CertificateNotFound", FailureKind.NotOnCluster, change.Name,
                        $"Certificate '{change.Name}' was accepted by cluster '{ClusterLabel}' but is not in its list of certificates. Check it with Get-RECertificate."));
                    continue;
                }

                WriteObject(RECertificate.FromClusterEntry(entry, TargetSession.ClusterName, TargetSession));
            }
        }

        /// <summary>One certificate to replace: what the user gave, its parsed summary, and what the cluster holds now.</summary>
        private protected sealed class PlannedChange
        {
            public PlannedChange(CertificateInput input, RECertificate @new, RECertificate? current, bool isSet, bool mayBePartlyUpdated)
            {
                Input = input;
                New = @new;
                Current = current;
                IsSet = isSet;
                _mayBePartlyUpdated = mayBePartlyUpdated;
            }

            private readonly bool _mayBePartlyUpdated;

            public string Name => Input.Name;

            public CertificateInput Input { get; }

            public RECertificate New { get; }

            /// <summary>What the cluster holds now; null when the name is not set (or its PEM is unreadable).</summary>
            public RECertificate? Current { get; }

            /// <summary>Whether the cluster holds the name at all (even when its PEM could not be read).</summary>
            public bool IsSet { get; }

            /// <summary>
            /// The cluster already holds this very chain: sending it again would change nothing. Not after this
            /// session's last update of the name left some nodes behind (409): the cluster's list shows the new
            /// certificate then, though a node still lacks it, and sending it again is what finishes the job.
            /// </summary>
            public bool IsUnchanged => !_mayBePartlyUpdated && Current != null && Current.HasSameChainAs(New);

            /// <summary>"Replace certificate 'proxy' on cluster 'c': CN=old (thumbprint .., expires ..) -> CN=new (...)".</summary>
            public string Describe(string cluster)
            {
                string old = Current != null ? Summary(Current) : IsSet ? "a certificate this module cannot read" : "not set";
                return $"Replace certificate '{Name}' on cluster '{cluster}': {old} -> {Summary(New)}";
            }

            private static string Summary(RECertificate certificate) =>
                $"{certificate.Subject} (thumbprint {certificate.Thumbprint}, expires {certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})";
        }
    }
}
