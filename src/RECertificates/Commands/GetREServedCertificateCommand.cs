using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using RECertificates.Hosting;
using RECertificates.Cluster;
using RECertificates.Serving;

namespace RECertificates.Commands
{
    /// <summary>
    /// What every node serves: a TLS handshake (no credential, no request) with each node on the port of each
    /// served certificate and with every TLS database endpoint, all endpoints of all clusters at once, compared
    /// with the cluster's record. The work is ServedCertificateSurvey.Run's, over the host; this cmdlet gathers sessions and names.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "REServedCertificate")]
    [OutputType(typeof(REServedCertificate))]
    public sealed class GetREServedCertificateCommand : RECmdlet
    {
        /// <summary>Seconds a handshake may take before the endpoint counts as unreachable.</summary>
        public const int DefaultTimeoutSec = 5;

        private readonly List<RESession> _sessions = new List<RESession>();
        private readonly List<string> _names = new List<string>();

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public RESession[]? Session { get; set; }

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>A name's port instead of the cluster's: @{ metrics_exporter = 18070 }.</summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? Port { get; set; }

        [Parameter]
        [ValidateRange(1, 300)]
        public int TimeoutSec { get; set; } = DefaultTimeoutSec;

        [Parameter]
        [ValidateRange(1, FanOut.MaximumThrottle)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottle;

        private IReadOnlyDictionary<string, int>? _ports;

        protected override void BeginProcessing()
        {
            _ports = ReadPortOverrides(Port);
        }

        protected override void ProcessRecord()
        {
            GatherSessions(Session, _sessions);
            GatherNames(Name, _names);
        }

        protected override void EndProcessing()
        {
            var filter = new CertificateNameFilter(_names);
            foreach (string missing in filter.LiteralNamesMissingFrom(ServedNames.All))
            {
                WriteError(ErrorRecords.Create(CommandErrorIds.CertificateNotFound, FailureKind.ObjectNotFound, missing,
                    $"Certificate '{missing}' is not served on an endpoint of the nodes; the names nodes serve are {string.Join(", ", ServedNames.All)}. Use Get-RECertificate for the others."));
            }

            if (!ServedNames.All.Any(filter.Matches))
            {
                return;
            }

            ServedCertificateSurvey.Run(CommandHost, TlsProbe.Network, _sessions, filter.Matches, _ports, TimeSpan.FromSeconds(TimeoutSec), ThrottleLimit);
        }

        /// <summary>-Port: served names to ports 1-65535; anything else stops the cmdlet before a connection is made.</summary>
        private IReadOnlyDictionary<string, int>? ReadPortOverrides(Hashtable? given)
        {
            if (given == null)
            {
                return null;
            }

            var ports = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in given)
            {
                string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "";
                string? name = ServedNames.All.FirstOrDefault(n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase));
                object? value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
                bool isPort = value != null && int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port >= 1 && port <= 65535;
                if (name == null || !isPort)
                {
                    ThrowTerminatingError(ErrorRecords.Create(CommandErrorIds.ParameterConflict, FailureKind.InvalidArgument, key,
                        $"-Port @{{ {key} = {value} }} is not valid: -Port maps a served name ({string.Join(", ", ServedNames.All)}) to a port from 1 to 65535, for example -Port @{{ metrics_exporter = 18070 }}."));
                }

                ports[name!] = int.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);
            }

            return ports;
        }
    }
}
