using System;
using System.Collections.Generic;
using System.Management.Automation;
using RECertificates.Hosting;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Commands
{
    /// <summary>
    /// One set of certificates to one cluster, or to each of several in turn: the unit a cluster is updated by, for
    /// Set-RECertificate (one or several -Session) and Invoke-RECertificateRenewal. <see cref="On"/> validates the
    /// set for that cluster, then plans, confirms, sends and reports it through <see cref="CertificateReplacement"/>;
    /// what fails on one cluster is written as that cluster's error and the next cluster is still tried.
    /// </summary>
    internal sealed class ClusterUpdate
    {
        private readonly ICommandHost _host;
        private readonly UpdateEndpoint _endpoint;
        private readonly ReplacementOptions _options;
        private readonly Func<CertificateSet, RESession, CertificateValidationReport> _validate;

        /// <param name="validate">The one validator's verdict on the set for a cluster (the set does not change between clusters).</param>
        public ClusterUpdate(ICommandHost host, UpdateEndpoint endpoint, ReplacementOptions options, Func<CertificateSet, RESession, CertificateValidationReport> validate)
        {
            _host = host;
            _endpoint = endpoint;
            _options = options;
            _validate = validate;
        }

        /// <summary>
        /// The set to this cluster: validated (checks that need the target cluster, such as whether the names fit it,
        /// belong in the validator given here), planned, confirmed, sent and reported. Returns the names the cluster confirmed.
        /// </summary>
        public IReadOnlyList<string> On(RESession session, CertificateSet set) =>
            new CertificateReplacement(_host, session, _endpoint, _options).Replace(set, _validate(set, session));

        /// <summary>
        /// The set to each cluster in turn, with a progress bar over the clusters. Each cluster is confirmed, sent and
        /// reported before the next is asked, so its prompts, -WhatIf lines and errors read together; one cluster that
        /// refuses or cannot be reached does not stop the others.
        /// </summary>
        public void OnEach(IReadOnlyList<RESession> sessions, CertificateSet set)
        {
            var progress = new ProgressRecord(ActivityIds.FanOut, "Replacing certificates on clusters", "Starting");
            bool showProgress = sessions.Count > 1;
            for (int i = 0; i < sessions.Count; i++)
            {
                if (showProgress)
                {
                    progress.StatusDescription = $"{i + 1} of {sessions.Count}: cluster '{sessions[i].Label}'";
                    progress.PercentComplete = (int)(100.0 * i / sessions.Count);
                    _host.Progress(progress);
                }

                On(sessions[i], set);
            }

            if (showProgress)
            {
                progress.RecordType = ProgressRecordType.Completed;
                _host.Progress(progress);
            }
        }
    }
}
