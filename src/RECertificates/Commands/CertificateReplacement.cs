using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Hosting;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Serving;
using RECertificates.Lifecycle;
using RECertificates.Sessions;

namespace RECertificates.Commands
{
    /// <summary>
    /// What Set-RECertificate and Update-RECertificateLegacy do with a validated set, top to bottom in
    /// <see cref="Replace"/>: refuse to send anything when one input is bad or the cluster's version cannot take it,
    /// leave out what the cluster already holds, back up (-BackupPath), ask per certificate with what it replaces,
    /// send the request plan (see RequestPlan), keep a pinned session working across an 'api' rotation, remind after
    /// 'proxy' and 'syncer', and -PassThru. The two cmdlets differ only in their endpoint: one request, or one per
    /// certificate.
    /// </summary>
    internal sealed class CertificateReplacement
    {
        private readonly ICommandHost _host;
        private readonly RESession _session;
        private readonly UpdateEndpoint _endpoint;
        private readonly ReplacementOptions _options;

        // What the cluster held when this command read it: how a lost answer is told from another change.
        private IReadOnlyList<ClusterCertificateEntry> _held = Array.Empty<ClusterCertificateEntry>();

        // What Prepare decided, for Finish: every change it found, and the plan of those approved (all under -WhatIf).
        private RequestPlan<PlannedChange>? _proposed;
        private RequestPlan<PlannedChange>? _plan;
        private int _approved;

        /// <param name="host">Where messages, errors, confirmations and objects go.</param>
        /// <param name="session">The cluster to change (one of -Session's, one at a time).</param>
        /// <param name="endpoint">How the plan groups certificates into requests, and which endpoint sends them.</param>
        /// <param name="options">-Force, -PassThru, -BackupPath and -Verify as the calling command has them.</param>
        public CertificateReplacement(ICommandHost host, RESession session, UpdateEndpoint endpoint, ReplacementOptions options)
        {
            _host = host;
            _session = session;
            _endpoint = endpoint;
            _options = options;
        }

        /// <summary>The cluster this replacement changes (what the set is validated for).</summary>
        public RESession Session => _session;

        /// <summary>
        /// Replaces the set's certificates, all or nothing at the validation stage, and returns the names the cluster
        /// confirmed (none when anything stood in the way: that was written as an error). The caller still owns the set's keys.
        /// </summary>
        public IReadOnlyList<string> Replace(CertificateSet set, CertificateValidationReport report) =>
            Prepare(set, report) ? Finish(_host) : Array.Empty<string>();

        /// <summary>Whether Prepare left certificates to send: approved, and not under -WhatIf.</summary>
        public bool WillSend => _approved > 0 && !_host.IsWhatIf;

        /// <summary>
        /// Everything before the first write, on the pipeline thread: the refusals, one read of what the cluster holds,
        /// the plan, the backup and one confirmation per certificate (under -WhatIf, the plan's lines). False when
        /// nothing is to follow (the reason was written); then Finish must not be called.
        /// </summary>
        public bool Prepare(CertificateSet set, CertificateValidationReport report)
        {
            if (set.Inputs.Count > 0 && !AllowedByClusterVersion(set, ref report))
            {
                return false;
            }

            WriteIssues(report);
            if (!report.IsValid)
            {
                RefuseAll(report);
                return false;
            }

            if (set.Inputs.Count == 0)
            {
                _host.Verbose("No certificate was given; nothing to send.");
                return false;
            }

            if (RefuseLockOut(set))
            {
                return false;
            }

            if (!TryReadCurrent(out Dictionary<string, RECertificate?> current))
            {
                return false;
            }

            ISet<string> servedOtherwise = ServedOtherwise(set, report, current);
            List<PlannedChange> changes = set.Inputs.Zip(report.Results, (input, result) =>
                {
                    bool isSet = current.TryGetValue(input.Name, out RECertificate? old);
                    return new PlannedChange(input, result.Certificate!, old, isSet, _session.MayBePartlyUpdated(input.Name) || servedOtherwise.Contains(input.Name));
                })
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            RequestPlan<PlannedChange> proposed = MakePlan(changes);
            foreach (PlannedChange change in proposed.Unchanged)
            {
                TellUnchanged(change);
            }

            // Before any confirmation, so -WhatIf can say where it would go; only for what would really change.
            if (proposed.Changed.Any() && !BackupBeforeChange.Run(_host, _session, _options.BackupPath, proposed.Changed.Select(c => c.Name)))
            {
                return false;
            }

            List<PlannedChange> approved = proposed.Changed.Where(Approve).ToList();
            RequestPlan<PlannedChange> plan = _host.IsWhatIf ? proposed : MakePlan(approved);
            foreach (string note in plan.Notes)
            {
                _host.Plan(note);
            }

            _proposed = proposed;
            _plan = plan;
            _approved = approved.Count;
            return true;
        }

        /// <summary>
        /// The approved plan sent, awaited (-Verify), followed up and reported, through <paramref name="host"/>: the
        /// command's own, or for one cluster of a fleet a buffered one on a worker thread (nothing here asks anything).
        /// Returns the names the cluster confirmed.
        /// </summary>
        public IReadOnlyList<string> Finish(ICommandHost host)
        {
            RequestPlan<PlannedChange> proposed = _proposed ?? throw new InvalidOperationException("Finish comes after a Prepare that returned true.");
            IReadOnlyList<PlannedChange> replaced = Array.Empty<PlannedChange>();
            if (!proposed.Changed.Any())
            {
                host.Verbose($"Cluster '{_session.Label}' already holds every certificate given; nothing was sent.");
            }
            else if (_approved == 0)
            {
                host.Verbose($"No certificate was approved; nothing was sent to cluster '{_session.Label}'.");
            }
            else
            {
                replaced = Send(_plan!, host);
            }

            if (_options.Verify && replaced.Count > 0)
            {
                Verification(host).WaitUntilServed(replaced.ToDictionary(c => c.Name, c => c.New.Thumbprint, StringComparer.Ordinal));
            }

            AfterUpdate(replaced, proposed.Unchanged, host);
            return replaced.Select(c => c.Name).ToList();
        }

        private ServedVerification Verification(ICommandHost host) =>
            new ServedVerification(_session, host, TimeSpan.FromSeconds(_options.VerifyTimeoutSec), _options.Probe);

        /// <summary>
        /// With -Verify, the names whose record already holds the given chain but that a reachable node serves
        /// otherwise (one read, no wait): they are sent again, since "unchanged" means record AND nodes.
        /// </summary>
        private ISet<string> ServedOtherwise(CertificateSet set, CertificateValidationReport report, Dictionary<string, RECertificate?> current)
        {
            if (!_options.Verify)
            {
                return new HashSet<string>();
            }

            Dictionary<string, string> held = set.Inputs.Zip(report.Results, (input, result) => (input.Name, New: result.Certificate!))
                .Where(c => current.TryGetValue(c.Name, out RECertificate? old) && old != null && old.HasSameChainAs(c.New))
                .ToDictionary(c => c.Name, c => c.New.Thumbprint, StringComparer.Ordinal);
            return held.Count == 0 ? new HashSet<string>() : Verification(_host).NamesServedOtherwise(held);
        }

        /// <summary>
        /// Refuses, before anything is sent, what the cluster's version cannot take: the whole call on a cluster
        /// without the cmdlet's endpoint (false, once the input is valid), or the names that came after its version
        /// (added to the report, so they stop the whole set like any other invalid input).
        /// </summary>
        private bool AllowedByClusterVersion(CertificateSet set, ref CertificateValidationReport report)
        {
            RESession session = _session;
            // Bad input is told first (and refused as a whole below); the version matters once the input is good.
            if (report.IsValid && _endpoint == UpdateEndpoint.AllInOne && ClusterVersionRules.TooOldForAllInOne(session.ClusterVersion, session.Version, _session.Label) is string tooOld)
            {
                WriteIssues(report);
                _host.Error(CommandErrorIds.ClusterVersionTooOld, FailureKind.NotImplemented, _session.Label, tooOld);
                return false;
            }

            IReadOnlyList<ValidationIssue> unsupported = ClusterVersionRules.UnsupportedNames(set.Inputs, session.ClusterVersion, session.Version, _session.Label);
            if (unsupported.Count > 0)
            {
                report = new CertificateValidationReport(report.SetIssues.Concat(unsupported).ToList(), report.Results);
            }

            return true;
        }

        /// <summary>Errors as non-terminating error records (ErrorId = the issue's id), warnings as warnings.</summary>
        private void WriteIssues(CertificateValidationReport report)
        {
            foreach (ValidationIssue error in report.Errors)
            {
                _host.Error(ErrorRecords.FromIssue(error));
            }

            foreach (ValidationIssue warning in report.Warnings)
            {
                _host.Warning(warning.Message);
            }
        }

        private void RefuseAll(CertificateValidationReport report)
        {
            List<string> failed = report.Errors.Select(e => e.Target).Distinct(StringComparer.Ordinal).ToList();
            _host.Error(CommandErrorIds.NothingSent, FailureKind.InvalidData, failed.Count == 1 ? failed[0] : string.Join(", ", failed),
                $"Nothing was sent to cluster '{_session.Label}': {failed.Count} input(s) failed validation ({string.Join("; ", failed)}). " +
                "Certificates are replaced all together or not at all: fix the errors above (Test-RECertificate shows them) and run the command again. The cluster was not changed.");
        }

        /// <summary>
        /// A certificate session must not replace mtls_trusted_ca with a bundle that no longer trusts its own client
        /// certificate: the next request would be refused, and with Basic turned off nobody could log in. -Force does
        /// not override it. Refuses the whole set, as any invalid input does.
        /// </summary>
        private bool RefuseLockOut(CertificateSet set)
        {
            CertificateInput? trustedCa = set.Inputs.FirstOrDefault(i => i.Name == CertificateNames.MtlsTrustedCa);
            string? problem = trustedCa == null ? null : LockOutGuard.CheckReplacement(_session.ClientCertificate, trustedCa.CertificatePem, _session.Label);
            if (problem == null)
            {
                return false;
            }

            _host.Error(CommandErrorIds.WouldLockOut, FailureKind.Refused, CertificateNames.MtlsTrustedCa, problem + " Nothing was sent.");
            return true;
        }

        /// <summary>One GET, so each confirmation can say what is being replaced.</summary>
        private bool TryReadCurrent(out Dictionary<string, RECertificate?> current)
        {
            current = new Dictionary<string, RECertificate?>(StringComparer.Ordinal);
            if (!TryReadHeld(out IReadOnlyList<ClusterCertificateEntry> entries, _host))
            {
                return false;
            }

            _held = entries;
            foreach (ClusterCertificateEntry entry in entries)
            {
                // Null when held but unreadable: the confirmation says so.
                current[entry.Name] = RECertificate.TryFromClusterEntry(entry, _session, out _);
            }

            return true;
        }

        /// <summary>One GET of the cluster's certificates (no keys); a failure is written as this cluster's error.</summary>
        private bool TryReadHeld(out IReadOnlyList<ClusterCertificateEntry> entries, ICommandHost host)
        {
            try
            {
                entries = host.Run((log, token) => _session.Client.GetCertificatesAsync(false, log, token));
                return true;
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                host.Failure(e, _session.Label);
                entries = Array.Empty<ClusterCertificateEntry>();
                return false;
            }
        }

        private RequestPlan<PlannedChange> MakePlan(IReadOnlyList<PlannedChange> changes) =>
            RequestPlan.Make(changes, c => c.Name, c => c.IsUnchanged, _endpoint, _session.Version);

        /// <summary>A certificate the cluster already holds is not sent: -WhatIf says so, -Verbose says it was skipped.</summary>
        private void TellUnchanged(PlannedChange change)
        {
            string what = $"Certificate '{change.Name}' on cluster '{_session.Label}' is unchanged: the cluster already holds this chain (thumbprint {change.New.Thumbprint})";
            if (_host.IsWhatIf)
            {
                _host.Plan($"{what}. It would not be sent.");
            }
            else
            {
                _host.Verbose($"{what}; skipped, not sent.");
            }
        }

        /// <summary>One confirmation per certificate; -Force means "do not ask" (see ForcedConfirmation).</summary>
        private bool Approve(PlannedChange change)
        {
            string description = change.Describe(_session.Label);
            return _host.Confirm(_options.Force, description, $"{description}. Replace it?", "Replace certificate");
        }

        /// <summary>
        /// Sends the plan's requests in order, stopping at the first failure, whose error then says what the earlier
        /// requests already changed. After a request that can take the REST API away, waits for it to answer again.
        /// Returns the changes the cluster confirmed.
        /// </summary>
        private IReadOnlyList<PlannedChange> Send(RequestPlan<PlannedChange> plan, ICommandHost host)
        {
            List<PlannedChange> all = plan.Changed.ToList();
            var replaced = new List<PlannedChange>();
            var progress = new ProgressRecord(ActivityIds.Batch, $"Replacing certificates on cluster '{_session.Label}'", "Starting");
            bool showProgress = all.Count > 1;
            foreach (PlannedRequest<PlannedChange> request in plan.Requests)
            {
                string names = string.Join(", ", request.Items.Select(c => c.Name));
                if (showProgress)
                {
                    progress.StatusDescription = $"{replaced.Count + 1} of {all.Count}: {names}";
                    progress.PercentComplete = (int)(100.0 * replaced.Count / all.Count);
                    host.Progress(progress);
                }

                host.Verbose($"Sending {request.Items.Count} certificate(s) to cluster '{_session.Label}' in one request: {names}.");
                List<ClusterCertificateEntry> uploads = request.Items.Select(c => c.ToUpload()).ToList();
                bool answerLost = false;
                Exception? failure = TrySend(request.Items, async (log, token) => answerLost = await WriteAsync(uploads, log, token).ConfigureAwait(false), host);
                _session.NotePartlyUpdated(request.Items.Select(c => c.Name), failure is REApiException { Kind: FailureKind.PartiallyCompleted });
                if (failure != null)
                {
                    host.Failure(StoppedAt(failure, request.Items, replaced, all), names);
                    break;
                }

                host.Verbose($"Cluster '{_session.Label}' accepted {names}.");
                if (answerLost && !_options.Verify)
                {
                    // The record is one node's view: a node that missed the update (409, had the answer come) is invisible there.
                    host.Warning($"The answer to the change of {names} on cluster '{_session.Label}' was lost; the cluster's record now holds the new certificate(s), but whether every node took them is unknown. Check with Get-REServedCertificate, or run the command with -Verify, which waits until every node serves them and sends them again where a node does not.");
                }
                replaced.AddRange(request.Items);
                if (request.WaitForApiAfter != null)
                {
                    WaitForApi(request.WaitForApiAfter, host);
                }
            }

            if (showProgress)
            {
                progress.RecordType = ProgressRecordType.Completed;
                host.Progress(progress);
            }

            return replaced;
        }

        /// <summary>Sends one request of the plan: its certificates, through the cmdlet's endpoint.</summary>
        /// <returns>True when the answer was lost and the read-back found the change in the record.</returns>
        private Task<bool> WriteAsync(IReadOnlyList<ClusterCertificateEntry> uploads, ICallLog log, CancellationToken cancellationToken) =>
            _endpoint == UpdateEndpoint.AllInOne
                ? _session.Client.PutCertificatesAsync(uploads, _held, log, cancellationToken)
                : _session.Client.UpdateCertificateLegacyAsync(uploads.Single(), _held, log, cancellationToken);

        /// <summary>
        /// Runs one write whose changes are <paramref name="batch"/>; returns the failure instead of throwing, so
        /// the caller can say what was and was not changed. An 'api' rotation re-pins the session around it.
        /// </summary>
        private Exception? TrySend(IReadOnlyList<PlannedChange> batch, Func<ICallLog, CancellationToken, Task> write, ICommandHost host)
        {
            PlannedChange? api = batch.FirstOrDefault(c => c.Name == CertificateNames.Api);
            ApiPinRotation? rotation = api?.Current == null ? null : ApiPinRotation.Begin(_session.Trust, api.Current.Certificate, api.New.Certificate);
            try
            {
                host.Run(async (log, token) =>
                {
                    await write(log, token).ConfigureAwait(false);
                    return true;
                });
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                if (rotation != null)
                {
                    host.Verbose($"The session now trusts both the old and the new 'api' certificate of cluster '{_session.Label}' ({string.Join(", ", rotation.NewPins)}), since some nodes may present either.");
                }

                return e;
            }

            if (rotation != null)
            {
                rotation.Complete();
                host.Verbose($"Cluster '{_session.Label}' now presents the new 'api' certificate: the session's pin moved from the old certificate to the new one ({string.Join(", ", rotation.NewPins)}), so this session keeps working. Give -CertificateThumbprint {rotation.NewPins[0]} to Connect-RECluster from now on.");
            }

            return null;
        }

        /// <summary>The cluster's refusal, plus which certificates the earlier requests already replaced.</summary>
        private Exception StoppedAt(Exception failure, IReadOnlyList<PlannedChange> failed, List<PlannedChange> replaced, List<PlannedChange> all)
        {
            string done = replaced.Count == 0 ? "none" : string.Join(", ", replaced.Select(c => $"'{c.Name}'"));
            string notDone = string.Join(", ", all.Skip(replaced.Count).Select(c => $"'{c.Name}'"));
            string summary = $" Stopped at {string.Join(", ", failed.Select(c => $"'{c.Name}'"))}. Already replaced on cluster '{_session.Label}': {done}. Not replaced: {notDone}.";
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
        private void WaitForApi(KnownDefect defect, ICommandHost host)
        {
            TimeSpan bound = ClusterVersionFacts.InternodeApiOutageBound;
            host.Verbose($"Waiting up to {bound.TotalMinutes:0} minutes for the REST API of cluster '{_session.Label}' to answer again, because of {defect.Describe(_session.Version)}.");
            string activity = $"Waiting for the REST API of cluster '{_session.Label}' ({defect.Id})";
            bool answered = host.Run(async (log, token) =>
            {
                bool back = await ApiAvailability.WaitAsync(_session.Client, bound,
                    waited => log.Progress(activity, $"Waited {waited.TotalSeconds:0} s of at most {bound.TotalSeconds:0} s"), log, token).ConfigureAwait(false);
                log.Progress(activity, null);
                return back;
            });
            if (answered)
            {
                host.Verbose($"The REST API of cluster '{_session.Label}' answers again.");
            }
            else
            {
                host.Warning($"The REST API of cluster '{_session.Label}' did not answer within {bound.TotalMinutes:0} minutes after the internode certificate change ({defect.Id}). The cluster accepted the change; check it with Get-RECertificate once the API answers.");
            }
        }

        /// <summary>The reminders after proxy and syncer changes, then -PassThru: the replaced and the unchanged, as the cluster holds them.</summary>
        private void AfterUpdate(IReadOnlyList<PlannedChange> replaced, IReadOnlyList<PlannedChange> unchanged, ICommandHost host)
        {
            if (ReplicationReminder.For(replaced.Select(c => c.Name), _session.Label) is string reminder)
            {
                host.Warning(reminder);
            }

            CertificateFollowUp.Run(host, _session, replaced.Select(c => c.Name));

            if (!_options.PassThru)
            {
                return;
            }

            if (replaced.Count == 0)
            {
                // Nothing changed: what was read before is what the cluster holds.
                foreach (PlannedChange change in unchanged)
                {
                    host.Output(change.Current);
                }

                return;
            }

            WriteReadBack(replaced.Concat(unchanged).OrderBy(c => c.Name, StringComparer.Ordinal).ToList(), host);
        }

        private void WriteReadBack(IReadOnlyList<PlannedChange> changes, ICommandHost host)
        {
            if (!TryReadHeld(out IReadOnlyList<ClusterCertificateEntry> entries, host))
            {
                return;
            }

            foreach (PlannedChange change in changes)
            {
                ClusterCertificateEntry? entry = entries.FirstOrDefault(e => e.Name == change.Name);
                if (entry == null)
                {
                    host.Error(CommandErrorIds.CertificateNotFound, FailureKind.NotOnCluster, change.Name,
                        $"Certificate '{change.Name}' was accepted by cluster '{_session.Label}' but is not in its list of certificates. Check it with Get-RECertificate.");
                    continue;
                }

                host.Output(RECertificate.FromClusterEntry(entry, _session.ClusterName, _session));
            }
        }
    }
}
