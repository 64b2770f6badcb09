using System;
using System.Collections.Generic;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Hosting;

namespace RECertificates.Commands
{
    /// <summary>
    /// The pipeline of Set-RECertificate and Update-RECertificateLegacy, which is the same for both: each record's
    /// certificates collected (<see cref="Add"/>, from ProcessRecord), then once the pipeline is done the set read,
    /// validated for each cluster it goes to and sent through <see cref="ClusterUpdate"/> (<see cref="Send"/>, from
    /// EndProcessing). What differs is what each cmdlet gives it: the endpoint, and the clusters (Set's one or
    /// several, sent to at most -ThrottleLimit at once; Update-Legacy's one). A plain class, not a base cmdlet's
    /// steps, so each cmdlet still reads top to bottom in its own file.
    /// </summary>
    internal sealed class CertificateUpdateSteps : IDisposable
    {
        private readonly CertificateCollector _input;
        private readonly ClusterUpdate _update;

        /// <summary>Made in BeginProcessing, once the sessions are resolved: a missing session stops the cmdlet before this.</summary>
        /// <param name="bound">What is bound by BeginProcessing: the way certificates are given, and -Name.</param>
        /// <param name="skipNameCheck">-SkipNameCheck: whether the names are checked against each cluster.</param>
        public CertificateUpdateSteps(ICommandHost host, CertificateParameters bound, bool skipNameCheck, UpdateEndpoint endpoint, ReplacementOptions options)
        {
            _input = new CertificateCollector(host, bound);

            // Validated for each cluster it goes to: its names, its version's known defects, its cipher suites.
            _update = new ClusterUpdate(host, endpoint, options,
                (set, session) => _input.Validate(set, ClusterTargets.Read(host, session, skipNameCheck, set)));
        }

        /// <summary>One pipeline record's certificates; nothing is read yet.</summary>
        public void Add(CertificateParameters record) => _input.Add(record);

        /// <summary>Reads the set and sends it to each cluster, as <see cref="ClusterUpdate.OnEach"/> does; the keys are wiped after.</summary>
        public void Send(IReadOnlyList<RESession> sessions, int throttle)
        {
            using CertificateSet set = _input.Read();
            _update.OnEach(sessions, set, throttle);
        }

        /// <summary>The collected keys wiped, however the pipeline ended.</summary>
        public void Dispose() => _input.Dispose();
    }
}
