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
    /// send anything when one input is bad, asking per certificate with what it replaces, keeping a pinned
    /// session working across an 'api' rotation, the reminders after 'proxy' and 'syncer', and -PassThru.
    /// The two differ only in how the approved certificates travel (one request, or one per certificate).
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

        private protected sealed override void ProcessValidated(CertificateSet set, CertificateValidationReport report)
        {
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

            if (!BackupBeforeChange.Run(this, TargetSession, BackupPath, set.Inputs.Select(i => i.Name)))
            {
                return;
            }

            var approved = new List<PlannedChange>();
            foreach ((CertificateInput input, CertificateValidationResult result) in set.Inputs.Zip(report.Results, (i, r) => (i, r))
                .OrderBy(pair => pair.i.Name, StringComparer.Ordinal))
            {
                bool isSet = current.TryGetValue(input.Name, out RECertificate? old);
                var change = new PlannedChange(input, result.Certificate!, old, isSet);
                if (Approve(change))
                {
                    approved.Add(change);
                }
            }

            if (approved.Count == 0)
            {
                WriteVerbose($"No certificate was approved; nothing was sent to cluster '{ClusterLabel}'.");
                return;
            }

            IReadOnlyList<PlannedChange> replaced = Send(approved);
            if (replaced.Count > 0)
            {
                AfterReplacing(replaced);
            }
        }

        /// <summary>Sends the approved changes (in name order); returns those the cluster confirmed.</summary>
        private protected abstract IReadOnlyList<PlannedChange> Send(IReadOnlyList<PlannedChange> approved);

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
            WriteError(ErrorRecords.Create("NothingSent", ErrorCategory.InvalidData, failed.Count == 1 ? failed[0] : string.Join(", ", failed),
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

            WriteError(ErrorRecords.Create("WouldLockOut", ErrorCategory.PermissionDenied, CertificateNames.MtlsTrustedCa, problem + " Nothing was sent."));
            return true;
        }

        /// <summary>One GET, so each confirmation can say what is being replaced.</summary>
        private bool TryReadCurrent(out Dictionary<string, RECertificate?> current)
        {
            current = new Dictionary<string, RECertificate?>(StringComparer.Ordinal);
            IReadOnlyList<ClusterCertificateEntry> entries;
            try
            {
                entries = Run((log, token) => TargetSession.Client.GetCertificatesAsync(false, log, token));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteFailure(e, ClusterLabel);
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

        /// <summary>One confirmation per certificate; -Force means "do not ask" (see ForcedConfirmation).</summary>
        private bool Approve(PlannedChange change)
        {
            string description = change.Describe(ClusterLabel);
            return ForcedConfirmation.ShouldProcess(this, Force, description, $"{description}. Replace it?", "Replace certificate");
        }

        private void AfterReplacing(IReadOnlyList<PlannedChange> replaced)
        {
            string[] sync = replaced.Select(c => c.Name).Where(n => n == CertificateNames.Proxy || n == CertificateNames.Syncer).ToArray();
            if (sync.Length > 0)
            {
                string which = string.Join(" and ", sync.Select(n => $"'{n}'"));
                WriteWarning($"{which} replaced on cluster '{ClusterLabel}'. Active-Active databases do not pick this up by themselves: run 'crdb-cli crdb update --crdb-guid <GUID> --force' for each Active-Active database of this cluster. Replica Of replicas whose source is this cluster need the new certificate too: update the source certificate stored on each replica database.");
            }

            if (PassThru)
            {
                WriteReadBack(replaced);
            }
        }

        private void WriteReadBack(IReadOnlyList<PlannedChange> replaced)
        {
            IReadOnlyList<ClusterCertificateEntry> entries;
            try
            {
                entries = Run((log, token) => TargetSession.Client.GetCertificatesAsync(false, log, token));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteFailure(e, ClusterLabel);
                return;
            }

            foreach (PlannedChange change in replaced)
            {
                ClusterCertificateEntry? entry = entries.FirstOrDefault(e => e.Name == change.Name);
                if (entry == null)
                {
                    WriteError(ErrorRecords.Create("CertificateNotFound", ErrorCategory.ObjectNotFound, change.Name,
                        $"Certificate '{change.Name}' was accepted by cluster '{ClusterLabel}' but is not in its list of certificates. Check it with Get-RECertificate."));
                    continue;
                }

                WriteObject(RECertificate.FromClusterEntry(entry, TargetSession.ClusterName, TargetSession));
            }
        }

        /// <summary>One certificate to replace: what the user gave, its parsed summary, and what the cluster holds now.</summary>
        private protected sealed class PlannedChange
        {
            public PlannedChange(CertificateInput input, RECertificate @new, RECertificate? current, bool isSet)
            {
                Input = input;
                New = @new;
                Current = current;
                IsSet = isSet;
            }

            public string Name => Input.Name;

            public CertificateInput Input { get; }

            public RECertificate New { get; }

            /// <summary>What the cluster holds now; null when the name is not set (or its PEM is unreadable).</summary>
            public RECertificate? Current { get; }

            /// <summary>Whether the cluster holds the name at all (even when its PEM could not be read).</summary>
            public bool IsSet { get; }

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
