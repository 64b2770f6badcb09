using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using RECertificates.Hosting;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Completion;
using RECertificates.Sessions;

namespace RECertificates.Commands
{
    /// <summary>
    /// Removes optional certificates (those <see cref="CertificateNames"/> does not mark required) from clusters. Names are
    /// checked before anything is sent; each cluster's certificates are then read once, so wildcards select what it
    /// holds, a name it does not hold is reported without a request, and the confirmation shows exactly what goes.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "RECertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(RECertificate))]
    public sealed class RemoveRECertificateCommand : RECmdlet
    {
        private const string NameSet = "Name";
        private const string InputObjectSet = "InputObject";

        // The clusters in the order they were first given, each with the names asked of it.
        private readonly List<RESession> _sessions = new List<RESession>();
        private readonly Dictionary<RESession, RemovalSelection> _selections = new Dictionary<RESession, RemovalSelection>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CertificateNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Certificates from Get-RECertificate; each is removed from its own cluster unless -Session is given.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public RECertificate[]? InputObject { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public RESession[]? Session { get; set; }

        /// <summary>Remove without asking for confirmation (-WhatIf still only tells).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emit each removed certificate, as it was just before removal.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Keep each certificate about to be removed, with its key, in this folder first.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupPath { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (RECertificate certificate in InputObject ?? Array.Empty<RECertificate>())
                {
                    if (certificate == null)
                    {
                        continue;
                    }

                    Select(certificate.Name, () => (Session != null && Session.Length > 0) || certificate.Session == null
                        ? ResolveSessions(Session)
                        : new[] { certificate.Session });
                }

                return;
            }

            foreach (string name in Name ?? Array.Empty<string>())
            {
                Select(name, () => ResolveSessions(Session));
            }
        }

        protected override void EndProcessing()
        {
            List<RESession> sessions = _sessions.Where(s => !_selections[s].IsEmpty).ToList();
            if (sessions.Count == 0)
            {
                return;
            }

            foreach (RESession session in sessions)
            {
                WarnIfUnverified(session);
            }

            // Reading several clusters' lists at once is cheap; the removals themselves go one by one, since each may
            // ask for confirmation.
            IReadOnlyList<Outcome<IReadOnlyList<ClusterCertificateEntry>>> held = RunEach(sessions, FanOut.DefaultThrottle, "Reading certificates from clusters",
                (session, log, token) => session.Client.GetCertificatesAsync(false, log, token));

            for (int i = 0; i < sessions.Count; i++)
            {
                RESession session = sessions[i];
                if (held[i].Error != null)
                {
                    WriteFailure(held[i].Error!, session.Label);
                    continue;
                }

                RemoveFrom(session, held[i].Value!);
            }
        }

        /// <summary>
        /// Refuses a name that must never be sent; otherwise notes it for each cluster. The clusters are looked up
        /// only then, so a refused name is reported as such even when there is no session.
        /// </summary>
        private void Select(string name, Func<IReadOnlyList<RESession>> sessions)
        {
            ErrorRecord? refusal = RemovalSelection.Refuse(name);
            if (refusal != null)
            {
                WriteError(refusal);
                return;
            }

            foreach (RESession session in sessions())
            {
                if (!_selections.TryGetValue(session, out RemovalSelection? selection))
                {
                    selection = new RemovalSelection();
                    _selections.Add(session, selection);
                    _sessions.Add(session);
                }

                selection.Add(name);
            }
        }

        private void RemoveFrom(RESession session, IReadOnlyList<ClusterCertificateEntry> entries)
        {
            string cluster = $"cluster '{session.Label}'";
            RemovalPlan plan = _selections[session].Resolve(entries.Select(e => e.Name).ToList());

            if (plan.KeptRequired.Count > 0)
            {
                WriteVerbose($"Left alone on {cluster}, because the cluster needs them (replace them with Set-RECertificate): {string.Join(", ", plan.KeptRequired)}.");
            }

            if (plan.Unsendable.Count > 0)
            {
                WriteWarning($"On {cluster}, some certificates have names no certificate can have, so they are left alone: {string.Join(", ", plan.Unsendable)}.");
            }

            foreach (string missing in plan.NotHeld)
            {
                WriteError(ErrorRecords.Create(CommandErrorIds.CertificateNotFound, FailureKind.NotOnCluster, missing,
                    $"Certificate '{missing}' is not set on {cluster}, so there is nothing to remove; nothing was sent for it. It holds: {string.Join(", ", entries.Select(e => e.Name))}."));
            }

            if (!BackupBeforeChange.Run(CommandHost, session, BackupPath, plan.ToRemove))
            {
                return;
            }

            foreach (string name in plan.ToRemove)
            {
                string? lockOut = name == CertificateNames.MtlsTrustedCa ? LockOutGuard.CheckRemoval(session.ClientCertificate, session.Label) : null;
                if (lockOut != null)
                {
                    WriteError(ErrorRecords.Create(CommandErrorIds.WouldLockOut, FailureKind.Refused, name, lockOut + " Nothing was sent."));
                    continue;
                }

                ClusterCertificateEntry entry = entries.First(e => e.Name == name);
                // A chain the module cannot read is no reason to keep the certificate (it may be exactly why it is
                // being removed), so that is only told, not an error.
                RECertificate? certificate = RECertificate.TryFromClusterEntry(entry, session, out CertificateInputException? problem);
                string? unreadable = problem?.Message;
                if (!ForcedConfirmation.ShouldProcess(this, Force, Describe(name, certificate, unreadable, cluster), "Remove certificate"))
                {
                    continue;
                }

                try
                {
                    Run(async (log, token) =>
                    {
                        await session.Client.DeleteCertificateAsync(name, entries, log, token).ConfigureAwait(false);
                        return true;
                    });
                }
                catch (Exception exception) when (!(exception is PipelineStoppedException))
                {
                    WriteFailure(exception, name);
                    continue;
                }

                if (PassThru && certificate != null)
                {
                    WriteObject(certificate);
                }
            }
        }

        private static string Describe(string name, RECertificate? certificate, string? unreadable, string cluster)
        {
            if (certificate == null)
            {
                return $"certificate '{name}' (unreadable: {unreadable}) on {cluster}";
            }

            string expiry = (certificate.IsExpired ? "expired " : "expires ") + certificate.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return $"certificate '{name}' (subject '{certificate.Subject}', thumbprint {certificate.Thumbprint}, {expiry}) on {cluster}";
        }
    }
}
