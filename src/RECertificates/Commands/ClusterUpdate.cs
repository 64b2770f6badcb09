using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using RECertificates.Hosting;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Commands
{
    /// <summary>
    /// One set of certificates to one cluster, or to several: the unit a cluster is updated by, for Set-RECertificate
    /// (one or several -Session), Update-RECertificateLegacy (one) and Invoke-RECertificateRenewal. <see cref="On"/> validates the set for that
    /// cluster, then plans, confirms, sends and reports it through <see cref="CertificateReplacement"/>;
    /// <see cref="OnEach"/> confirms cluster by cluster and sends to them concurrently. What fails on one cluster is
    /// written as that cluster's error and the others are still changed.
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
        /// The set to several clusters. Each is validated, read, planned, backed up and confirmed on the pipeline
        /// thread, one after another, so its prompts, -WhatIf lines and refusals read together; then the approved
        /// clusters are sent to at once, at most <paramref name="throttle"/> at a time, each writing into a buffer that
        /// is written out, one cluster after another in the order given, once all are done. One cluster that refuses or
        /// cannot be reached does not stop the others.
        /// </summary>
        public void OnEach(IReadOnlyList<RESession> sessions, CertificateSet set, int throttle)
        {
            if (sessions.Count == 1)
            {
                On(sessions[0], set);
                return;
            }

            var toSend = new List<CertificateReplacement>();
            var progress = new ProgressRecord(ActivityIds.FanOut, "Preparing the certificate change on clusters", "Starting");
            for (int i = 0; i < sessions.Count; i++)
            {
                progress.StatusDescription = $"{i + 1} of {sessions.Count}: cluster '{sessions[i].Label}'";
                progress.PercentComplete = (int)(100.0 * i / sessions.Count);
                _host.Progress(progress);
                var replacement = new CertificateReplacement(_host, sessions[i], _endpoint, _options);
                if (!replacement.Prepare(set, _validate(set, sessions[i])))
                {
                    continue;
                }

                if (replacement.WillSend)
                {
                    toSend.Add(replacement);
                }
                else
                {
                    // Nothing to send (all held already, none approved, -WhatIf): what is left is quick and quiet.
                    replacement.Finish(_host);
                }
            }

            progress.RecordType = ProgressRecordType.Completed;
            _host.Progress(progress);
            SendAtOnce(toSend, throttle);
        }

        /// <summary>
        /// Each prepared replacement finished on a thread of its own (its calls block it, so not the thread pool's),
        /// with a buffered host; then each buffer is written out in turn, and a failure that escaped is that cluster's error.
        /// </summary>
        private void SendAtOnce(IReadOnlyList<CertificateReplacement> replacements, int throttle)
        {
            if (replacements.Count == 0)
            {
                return;
            }

            var buffers = replacements.Select(_ => new BufferedHost(_host.Stopping, _host.IsDebugEnabled)).ToList();
            IReadOnlyList<int> clusters = Enumerable.Range(0, replacements.Count).ToList();
            IReadOnlyList<Outcome<bool>> outcomes = _host.RunEach(clusters, throttle, "Replacing certificates on clusters",
                (i, log, token) => Task.Factory.StartNew(() =>
                    {
                        replacements[i].Finish(buffers[i]);
                        return true;
                    }, token, TaskCreationOptions.LongRunning, TaskScheduler.Default));
            for (int i = 0; i < replacements.Count; i++)
            {
                buffers[i].ReplayTo(_host);
                if (outcomes[i].Error is Exception failure)
                {
                    _host.Failure(failure, replacements[i].Session.Label);
                }
            }
        }
    }
}
