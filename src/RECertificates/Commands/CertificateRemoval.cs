using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Hosting;
using RECertificates.Sessions;

namespace RECertificates.Commands
{
    /// <summary>
    /// What Remove-RECertificate does, top to bottom: <see cref="Select"/> refuses a name that must never be sent and
    /// notes the rest per cluster (see RemovalSelection); <see cref="Remove"/> reads each cluster's certificates once,
    /// so wildcards select what it holds and a name it does not hold is reported without a request, backs up
    /// (-BackupPath), asks per certificate with what goes, and deletes one by one: a failure is that certificate's
    /// error, and what went before it stays removed (and is passed through).
    /// </summary>
    internal sealed class CertificateRemoval
    {
        private readonly ICommandHost _host;
        private readonly bool _force;
        private readonly bool _passThru;
        private readonly string? _backupPath;

        // The clusters in the order they were first given, each with the names asked of it.
        private readonly List<RESession> _sessions = new List<RESession>();
        private readonly Dictionary<RESession, RemovalSelection> _selections = new Dictionary<RESession, RemovalSelection>();

        /// <param name="host">Where messages, errors, confirmations and objects go.</param>
        /// <param name="force">-Force: remove without asking (-WhatIf and a -Confirm typed still win).</param>
        /// <param name="passThru">-PassThru: emit each removed certificate, as it was just before removal.</param>
        /// <param name="backupPath">-BackupPath as given; null when not asked for.</param>
        public CertificateRemoval(ICommandHost host, bool force, bool passThru, string? backupPath)
        {
            _host = host;
            _force = force;
            _passThru = passThru;
            _backupPath = backupPath;
        }

        /// <summary>The clusters some name was noted for, in the order they were first given.</summary>
        public IReadOnlyList<RESession> Sessions => _sessions;

        /// <summary>
        /// Refuses a name that must never be sent; otherwise notes it for each cluster. The clusters are looked up
        /// only then, so a refused name is reported as such even when there is no session.
        /// </summary>
        public void Select(string name, Func<IReadOnlyList<RESession>> sessions)
        {
            ErrorRecord? refusal = RemovalSelection.Refuse(name);
            if (refusal != null)
            {
                _host.Error(refusal);
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

        /// <summary>Removes from every cluster what was selected of it; a cluster that cannot be read is its own error.</summary>
        public void Remove()
        {
            if (_sessions.Count == 0)
            {
                return;
            }

            // Reading several clusters' lists at once is cheap; the removals themselves go one by one, since each may
            // ask for confirmation.
            _host.RunEachInTurn(_sessions, FanOut.DefaultThrottle, "Reading certificates from clusters",
                (session, log, token) => session.Client.GetCertificatesAsync(false, log, token), session => session.Label, RemoveFrom);
        }

        private void RemoveFrom(RESession session, IReadOnlyList<ClusterCertificateEntry> entries)
        {
            string cluster = $"cluster '{session.Label}'";
            RemovalPlan plan = _selections[session].Resolve(entries.Select(e => e.Name).ToList());

            if (plan.KeptRequired.Count > 0)
            {
                _host.Verbose($"Left alone on {cluster}, because the cluster needs them (replace them with Set-RECertificate): {string.Join(", ", plan.KeptRequired)}.");
            }

            if (plan.Unsendable.Count > 0)
            {
                _host.Warning($"On {cluster}, some certificates have names no certificate can have, so they are left alone: {string.Join(", ", plan.Unsendable)}.");
            }

            foreach (string missing in plan.NotHeld)
            {
                _host.Error(CommandErrorIds.CertificateNotFound, FailureKind.NotOnCluster, missing,
                    $"Certificate '{missing}' is not set on {cluster}, so there is nothing to remove; nothing was sent for it. It holds: {string.Join(", ", entries.Select(e => e.Name))}.");
            }

            if (!BackupBeforeChange.Run(_host, session, _backupPath, plan.ToRemove))
            {
                return;
            }

            foreach (string name in plan.ToRemove)
            {
                RemoveOne(session, entries, name, cluster);
            }
        }

        private void RemoveOne(RESession session, IReadOnlyList<ClusterCertificateEntry> entries, string name, string cluster)
        {
            string? lockOut = name == CertificateNames.MtlsTrustedCa ? LockOutGuard.CheckRemoval(session.ClientCertificate, session.Label) : null;
            if (lockOut != null)
            {
                _host.Error(CommandErrorIds.WouldLockOut, FailureKind.Refused, name, lockOut + " Nothing was sent.");
                return;
            }

            ClusterCertificateEntry entry = entries.First(e => e.Name == name);
            // A chain the module cannot read is no reason to keep the certificate (it may be exactly why it is
            // being removed), so that is only told, not an error.
            RECertificate? certificate = RECertificate.TryFromClusterEntry(entry, session, out CertificateInputException? problem);
            if (!_host.Confirm(_force, Describe(name, certificate, problem?.Message, cluster), "Remove certificate"))
            {
                return;
            }

            try
            {
                // A lost answer comes back resolved: the client read back and found the certificate gone (true here,
                // and its log said so), or it throws, as for any other failure.
                _host.Run((log, token) => session.Client.DeleteCertificateAsync(name, entries, log, token));
            }
            catch (Exception exception) when (!(exception is PipelineStoppedException))
            {
                _host.Failure(exception, name);
                return;
            }

            if (_passThru && certificate != null)
            {
                _host.Output(certificate);
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
