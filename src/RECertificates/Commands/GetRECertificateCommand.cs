using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Hosting;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Completion;

namespace RECertificates.Commands
{
    /// <summary>
    /// Lists a cluster's certificates, parsed into objects with their expiry, sorted by name. Several sessions
    /// are asked concurrently; the objects come out by cluster as given, then by name.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RECertificate")]
    [OutputType(typeof(RECertificate))]
    public sealed class GetRECertificateCommand : RECmdlet
    {
        private readonly List<RESession> _sessions = new List<RESession>();
        private readonly List<string> _names = new List<string>();

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CertificateNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public RESession[]? Session { get; set; }

        /// <summary>Also return each private key, as a SecureString (to copy a certificate to another cluster).</summary>
        [Parameter]
        public SwitchParameter IncludePrivateKey { get; set; }

        /// <summary>Also list the internal certificates the cluster's health report names (8.0.16 and later).</summary>
        [Parameter]
        public SwitchParameter IncludeInternal { get; set; }

        [Parameter]
        [ValidateRange(1, FanOut.MaximumThrottle)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottle;

        protected override void ProcessRecord()
        {
            // Everything the pipeline brings is gathered first, so all clusters can be asked at once.
            GatherSessions(Session, _sessions);
            GatherNames(Name, _names);
        }

        protected override void EndProcessing()
        {
            WarnIfUnverified(_sessions);

            var filter = new CertificateNameFilter(_names);
            CommandHost.RunEachInTurn(_sessions, ThrottleLimit, "Reading certificates from clusters",
                (session, log, token) => ReadAsync(session, filter, log, token),
                session => session.ClusterName ?? session.Uri.ToString(),
                (session, reading) => WriteReading(session, reading, filter));
        }

        /// <summary>One cluster's certificates, in its turn: its warnings, its objects, then what could not be read or is missing.</summary>
        private void WriteReading(RESession session, ClusterReading reading, CertificateNameFilter filter)
        {
            foreach (string name in reading.KeyInCertificateText)
            {
                WriteWarning($"Cluster '{session.Label}' holds a private key in the certificate text of '{name}', where anyone who may read certificates can read it. Only its certificate blocks are shown. Consider that key exposed: replace the certificate with a new key, giving the chain and the key separately (Set-RECertificate -Path, or -Certificate with -Key).");
            }

            // The cluster answers a user who may not see keys with the certificates alone, and no error.
            List<string> keyless = IncludePrivateKey
                ? reading.Certificates.Where(c => !c.HasPrivateKey && !CertificateNames.IsKeyless(c.Name)).Select(c => c.Name).ToList()
                : new List<string>();
            if (keyless.Count > 0)
            {
                WriteWarning($"Cluster '{session.Label}' returned no private key for {string.Join(", ", keyless)} although -IncludePrivateKey asked for them: {KeyPermission.Advice(session.UserName)}. These objects hold certificates only (PrivateKey is empty), so they cannot be copied to another cluster; connect as a user whose role may see keys.");
            }

            if (reading.InternalUnavailable)
            {
                WriteWarning($"Cluster '{session.Label}' cannot report its internal certificates: it has no health report (GET /v4/cluster/health), which Redis Enterprise {ClusterVersionFacts.HealthReport.Since} and later have{(session.ClusterVersion != null ? $"; it runs {session.ClusterVersion}" : string.Empty)}. The certificates you provide are listed all the same.");
            }

            foreach (RECertificate certificate in reading.Certificates)
            {
                WriteObject(certificate);
            }

            // One certificate the module cannot read does not hide the others.
            foreach (KeyValuePair<string, CertificateInputException> unreadable in reading.Unreadable)
            {
                ValidationIssue issue = unreadable.Value.Issue;
                WriteError(ErrorRecords.FromIssue(new ValidationIssue(issue.Id, issue.Message, unreadable.Key, issue.Kind)));
            }

            IReadOnlyList<RECertificate> certificates = reading.Certificates;
            foreach (string missing in filter.LiteralNamesMissingFrom(certificates.Select(c => c.Name).Concat(reading.Unreadable.Select(u => u.Key))))
            {
                WriteError(ErrorRecords.Create(CommandErrorIds.CertificateNotFound, FailureKind.NotOnCluster, missing,
                    $"Certificate '{missing}' is not set on cluster '{session.Label}'. " +
                    (reading.NamesOnCluster.Count == 0 ? "It holds no certificates." : $"It holds: {string.Join(", ", reading.NamesOnCluster)}.")));
            }
        }

        private async Task<ClusterReading> ReadAsync(RESession session, CertificateNameFilter filter, ICallLog log, CancellationToken cancellationToken)
        {
            IReadOnlyList<ClusterCertificateEntry> entries = await session.Client.GetCertificatesAsync(IncludePrivateKey, log, cancellationToken).ConfigureAwait(false);
            var reading = new ClusterReading();
            reading.NamesOnCluster.AddRange(entries.Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal));
            foreach (ClusterCertificateEntry entry in entries.Where(e => filter.Matches(e.Name)).OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (entry.CertificateTextHeldKey)
                {
                    reading.KeyInCertificateText.Add(entry.Name);
                }

                RECertificate? certificate = RECertificate.TryFromClusterEntry(entry, session, out CertificateInputException? unreadable);
                if (certificate != null)
                {
                    reading.Certificates.Add(certificate);
                }
                else
                {
                    reading.Unreadable.Add(new KeyValuePair<string, CertificateInputException>(entry.Name, unreadable!));
                }
            }

            if (IncludeInternal)
            {
                IReadOnlyList<HealthCertificate>? internals = await session.Client.GetHealthCertificatesAsync(log, cancellationToken).ConfigureAwait(false);
                reading.InternalUnavailable = internals == null;
                DateTime now = DateTime.UtcNow;
                foreach (HealthCertificate entry in internals ?? Array.Empty<HealthCertificate>())
                {
                    if (filter.Matches(entry.Type) && RECertificate.FromHealthReport(entry, session.ClusterName, session, now) is RECertificate certificate)
                    {
                        reading.Certificates.Add(certificate);
                    }
                }

                reading.NamesOnCluster.AddRange((internals ?? Array.Empty<HealthCertificate>()).Select(e => e.Type));
                reading.Certificates.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            }

            return reading;
        }

        /// <summary>What one cluster gave: the certificates read, and those whose PEM the module could not read.</summary>
        private sealed class ClusterReading
        {
            public List<RECertificate> Certificates { get; } = new List<RECertificate>();

            /// <summary>Every name the cluster holds, whatever the filter: what a 'not found' message lists.</summary>
            public List<string> NamesOnCluster { get; } = new List<string>();

            /// <summary>-IncludeInternal on a cluster without a health report.</summary>
            public bool InternalUnavailable { get; set; }

            /// <summary>Names whose certificate text on the cluster held a private key.</summary>
            public List<string> KeyInCertificateText { get; } = new List<string>();

            /// <summary>By certificate name.</summary>
            public List<KeyValuePair<string, CertificateInputException>> Unreadable { get; } = new List<KeyValuePair<string, CertificateInputException>>();
        }
    }
}
