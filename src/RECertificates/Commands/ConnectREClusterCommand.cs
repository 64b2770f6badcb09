using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Hosting;
using RECertificates.Cluster;
using RECertificates.Sessions;

namespace RECertificates.Commands
{
    /// <summary>
    /// Connects to one or more clusters: checks the address and the login (a password, or a client certificate)
    /// with <c>GET /v1/cluster</c> and returns a session, which becomes the runspace's default unless -NoDefault.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "RECluster", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(RESession))]
    public sealed class ConnectREClusterCommand : RECmdlet
    {
        private const string CredentialSet = "Credential";
        private const string ClientCertificateSet = "ClientCertificate";

        private readonly List<string> _uris = new List<string>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ComputerName", "Cluster")]
        [ValidateNotNullOrEmpty]
        public string[] Uri { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        /// <summary>Log in with this certificate and its private key (mutual TLS) instead of a password.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientCertificateSet)]
        [ValidateNotNull]
        public X509Certificate2? ClientCertificate { get; set; }

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? CertificateThumbprint { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; }

        [Parameter]
        [ValidateRange(0, 10)]
        public int MaximumRetryCount { get; set; } = RetryPolicy.DefaultMaximumRetryCount;

        [Parameter]
        [ValidateNotNull]
        public System.Uri? Proxy { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        [Parameter]
        public SwitchParameter NoDefault { get; set; }

        [Parameter]
        [ValidateRange(1, FanOut.MaximumThrottle)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottle;

        protected override void BeginProcessing()
        {
            if (SkipCertificateCheck && CertificateThumbprint != null)
            {
                ThrowTerminatingError(ErrorRecords.Create(CommandErrorIds.ParameterConflict, FailureKind.InvalidArgument, null,
                    "-SkipCertificateCheck and -CertificateThumbprint contradict each other: a pin verifies the cluster's certificate, skipping does not verify it. Give one of them."));
            }

            if (!CertificatePins.TryNormalize(CertificateThumbprint, out _, out string? problem))
            {
                ThrowTerminatingError(ErrorRecords.Create(CommandErrorIds.InvalidThumbprint, FailureKind.InvalidArgument, CertificateThumbprint, problem!));
            }

            if (Proxy != null && ClusterAddress.HasUserInfo(Proxy))
            {
                // Not even the proxy's address is repeated: its user info is the secret.
                ThrowTerminatingError(ErrorRecords.Create(CommandErrorIds.CredentialInProxyAddress, FailureKind.InvalidArgument, null,
                    "The -Proxy address holds a user name or password. Give the proxy's address alone, and its user and password with -ProxyCredential (for example -ProxyCredential (Get-Credential)): an address may be shown in messages and logs, a credential never is."));
            }

            if (ClientCertificate != null)
            {
                if (!ClientCertificate.HasPrivateKey)
                {
                    ThrowTerminatingError(ErrorRecords.Create(CommandErrorIds.ClientCertificateWithoutKey, FailureKind.InvalidArgument, ClientCertificate,
                        $"The client certificate '{ClientCertificate.Subject}' (thumbprint {ClientCertificate.Thumbprint}) comes without its private key, so it cannot log in. Give the certificate from a store that holds its key (Get-Item Cert:\\CurrentUser\\My\\<thumbprint>) or from a PKCS#12 file."));
                }

                return;
            }

            if (string.IsNullOrEmpty(Credential.UserName) || Credential == PSCredential.Empty)
            {
                ThrowTerminatingError(ErrorRecords.Create(CommandErrorIds.CredentialMissing, FailureKind.InvalidArgument, null,
                    "The credential is empty. Give the cluster user's email and password, for example -Credential (Get-Credential)."));
            }
        }

        protected override void ProcessRecord()
        {
            // Collected here, connected in EndProcessing: several clusters are then asked concurrently.
            _uris.AddRange(Uri);
        }

        protected override void EndProcessing()
        {
            var targets = new List<(string Typed, System.Uri Address)>();
            foreach (string typed in _uris)
            {
                if (ClusterAddress.TryParse(typed, out System.Uri? address, out string? problem))
                {
                    targets.Add((typed, address!));
                }
                else
                {
                    ReportFailure(ErrorRecords.Create(CommandErrorIds.InvalidUri, FailureKind.InvalidArgument, ClusterAddress.WithoutUserInfo(typed), problem!));
                }
            }

            CertificatePins.TryNormalize(CertificateThumbprint, out string[] pins, out _);
            IReadOnlyList<Outcome<RESession>> outcomes = RunEach(targets, ThrottleLimit, "Connecting to clusters",
                (target, log, token) => ConnectAsync(target.Address, pins, log, token));

            bool defaultSet = false;
            for (int i = 0; i < outcomes.Count; i++)
            {
                if (outcomes[i].Error != null)
                {
                    ReportFailure(ErrorRecords.From(outcomes[i].Error!, targets[i].Typed));
                    continue;
                }

                RESession session = outcomes[i].Value!;
                WarnIfUnverified(session);
                if (!NoDefault && !defaultSet)
                {
                    DefaultSessionStore.Set(CurrentRunspace, session);
                    defaultSet = true;
                    WriteVerbose($"{session} is now the default session of this runspace.");
                }

                WriteObject(session);
            }
        }

        /// <summary>
        /// A cluster that cannot be reached is one item that failed, whether one address was given or several: the
        /// error is non-terminating, so -ErrorAction and -ErrorVariable collect it in a fleet script, and
        /// $ErrorActionPreference = 'Stop' still stops a script that needs the session.
        /// </summary>
        private void ReportFailure(ErrorRecord error) => WriteError(error);

        /// <summary>The options every session takes, whatever it logs in with.</summary>
        private ClusterConnectionSettings Configure(ClusterConnectionSettings settings)
        {
            settings.MaximumRetryCount = MaximumRetryCount;
            settings.Proxy = Proxy;
            settings.ProxyCredential = ProxyCredential == null ? null : new NetworkCredential(ProxyCredential.UserName, ProxyCredential.Password);
            if (TimeoutSec > 0)
            {
                // An explicit limit applies to every request, certificate updates included, and to the wait for the
                // REST API after a write whose answer was lost.
                settings.ReadTimeout = settings.WriteTimeout = settings.ApiWaitBound = TimeSpan.FromSeconds(TimeoutSec);
            }

            return settings;
        }

        private async Task<RESession> ConnectAsync(System.Uri address, string[] pins, ICallLog log, CancellationToken cancellationToken)
        {
            var trust = new ServerCertificateTrust(SkipCertificateCheck, pins);
            var settings = ClientCertificate != null
                ? new ClusterConnectionSettings(address, ClientCertificate, trust)
                : new ClusterConnectionSettings(address, Credential.UserName, Credential.Password, trust);
            settings = Configure(settings);
            var client = new ClusterClient(settings);
            var session = new RESession(client, (int)settings.ReadTimeout.TotalSeconds, MaximumRetryCount);
            try
            {
                log.Verbose(ClientCertificate != null
                    ? $"Connecting to {address} with the client certificate '{ClientCertificate.Subject}' (thumbprint {ClientCertificate.Thumbprint}); no password is sent."
                    : $"Connecting to {address} as '{Credential.UserName}'.");
                ClusterInfo cluster = await client.GetClusterAsync(log, cancellationToken).ConfigureAwait(false);
                session.ClusterName = cluster.Name;
                client.ClusterLabel = cluster.Name;

                // Only now: a refused credential must cost exactly one request.
                session.ClusterVersion = await ClusterVersionReader.ReadAsync(client, log, cancellationToken).ConfigureAwait(false);
                log.Verbose($"Connected to cluster '{cluster.Name}' at {address}.");
                return session;
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }
    }
}
