using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using RECertificates.Cluster;
using RECertificates.Sessions;

namespace RECertificates
{
    /// <summary>
    /// A connection to one Redis Enterprise cluster: where it is, who connects, how its certificate is trusted,
    /// and the one pooled HTTP client every cmdlet call reuses. It holds the credential but never shows the
    /// password: no public member returns it, and it is kept as a SecureString.
    /// </summary>
    public sealed class RESession : IDisposable
    {
        private readonly IClusterClient _client;
        private int _disposed;
        private readonly HashSet<string> _partlyUpdated = new HashSet<string>(StringComparer.Ordinal);
        private string? _clusterVersion;

        internal RESession(IClusterClient client, int timeoutSec, int maximumRetryCount)
        {
            _client = client;
            TimeoutSec = timeoutSec;
            MaximumRetryCount = maximumRetryCount;
            ConnectedAt = DateTime.Now;
        }

        /// <summary>The REST API's base address, e.g. https://cluster.example.com:9443/.</summary>
        public Uri Uri => _client.Settings.BaseUri;

        /// <summary>The user: the email given with -Credential, or the client certificate's subject line.</summary>
        public string UserName => _client.Settings.UserName;

        /// <summary>How the session logs in: Basic (a password) or Certificate (a client certificate, mutual TLS).</summary>
        public SessionAuthentication Authentication => _client.Settings.Authentication;

        /// <summary>The cluster's name (its FQDN) as <c>GET /v1/cluster</c> reports it.</summary>
        public string? ClusterName { get; internal set; }

        /// <summary>True when the server certificate is not verified at all.</summary>
        public bool SkipCertificateCheck => _client.Settings.Trust.SkipCertificateCheck;

        /// <summary>The pinned thumbprints (SHA-1 or SHA-256, upper-case hex); empty when the machine's trust decides.</summary>
        public string[] CertificateThumbprint => (string[])_client.Settings.Trust.Pins.Clone();

        /// <summary>How long a read may take, in seconds (a certificate update waits up to 900 s unless -TimeoutSec was given).</summary>
        public int TimeoutSec { get; }

        public int MaximumRetryCount { get; }

        public Uri? Proxy => _client.Settings.Proxy;

        public DateTime ConnectedAt { get; }

        /// <summary>
        /// The cluster's Redis Enterprise version as its nodes report it (the lowest of them, such as 7.22.2-54), read
        /// at connect; null when unknown. Decides which names and endpoints the module uses and which known defects
        /// it works around.
        /// </summary>
        public string? ClusterVersion
        {
            get => _clusterVersion;
            internal set
            {
                _clusterVersion = value;
                Version = SoftwareVersion.TryParse(value);
            }
        }

        /// <summary><see cref="ClusterVersion"/>, comparable; null when unknown.</summary>
        internal SoftwareVersion? Version { get; private set; }

        /// <summary>False once Disconnect-RECluster has closed the session.</summary>
        public bool IsConnected => Volatile.Read(ref _disposed) == 0;

        internal IClusterClient Client
        {
            get
            {
                if (!IsConnected)
                {
                    throw new SessionClosedException(
                        $"The session {this} was closed by Disconnect-RECluster. Connect again with Connect-RECluster.");
                }

                return _client;
            }
        }

        internal ServerCertificateTrust Trust => _client.Settings.Trust;

        /// <summary>
        /// Whether this session's last update of the certificate ended with some nodes not updated (409): the
        /// cluster's list may then show a certificate that a node still lacks.
        /// </summary>
        internal bool MayBePartlyUpdated(string name)
        {
            lock (_partlyUpdated)
            {
                return _partlyUpdated.Contains(name);
            }
        }

        /// <summary>Remembers (or forgets, after any other outcome) that an update of these names left nodes behind.</summary>
        internal void NotePartlyUpdated(IEnumerable<string> names, bool partly)
        {
            lock (_partlyUpdated)
            {
                foreach (string name in names)
                {
                    if (partly)
                    {
                        _partlyUpdated.Add(name);
                    }
                    else
                    {
                        _partlyUpdated.Remove(name);
                    }
                }
            }
        }

        /// <summary>The client certificate a certificate session logs in with; null for a password session.</summary>
        internal X509Certificate2? ClientCertificate => _client.Settings.ClientCertificate;

        /// <summary>Whether the 'not verified' warning was written for this session already.</summary>
        internal bool UnverifiedWarningWritten { get; set; }

        /// <summary>How messages name the cluster: its own name once read, else the host it was reached at.</summary>
        internal string Label => ClusterName ?? Uri.Host;

        public override string ToString() => $"{UserName}@{Label} ({Uri})";

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _client.Dispose();
            }
        }
    }
}
