using System;
using System.Net;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Sessions;

namespace RECertificates.Cluster
{
    /// <summary>
    /// Everything needed to talk to one cluster. The session logs in one of two ways, chosen here once: a user name
    /// and password (HTTP Basic; the password stays a SecureString), or a client certificate (mutual TLS).
    /// </summary>
    internal sealed class ClusterConnectionSettings
    {
        /// <summary>How long a read may take when the user did not say (Invoke-RestMethod's own default).</summary>
        public static readonly TimeSpan DefaultReadTimeout = TimeSpan.FromSeconds(100);

        /// <summary>The cluster's own limit for a certificate update is 900 seconds: wait that long by default.</summary>
        public static readonly TimeSpan DefaultWriteTimeout = TimeSpan.FromSeconds(900);

        /// <summary>How long, at most, to wait for the REST API to answer again after a write whose answer was lost.</summary>
        public static readonly TimeSpan DefaultApiWaitBound = TimeSpan.FromMinutes(5);

        public ClusterConnectionSettings(Uri baseUri, string userName, SecureString password, ServerCertificateTrust trust)
        {
            BaseUri = baseUri;
            UserName = userName;
            Password = password;
            Trust = trust;
        }

        /// <summary>A session that logs in with a client certificate: its user is the certificate's subject line.</summary>
        public ClusterConnectionSettings(Uri baseUri, X509Certificate2 clientCertificate, ServerCertificateTrust trust)
        {
            BaseUri = baseUri;
            ClientCertificate = clientCertificate;
            UserName = CertificateSubjectLine.Of(clientCertificate);
            Trust = trust;
        }

        public Uri BaseUri { get; }

        public string UserName { get; }

        /// <summary>Null for a certificate session, which sends no Authorization header at all.</summary>
        public SecureString? Password { get; }

        /// <summary>The certificate (with its key) presented in the TLS handshake; null for a Basic session.</summary>
        public X509Certificate2? ClientCertificate { get; }

        public SessionAuthentication Authentication => ClientCertificate != null ? SessionAuthentication.Certificate : SessionAuthentication.Basic;

        public ServerCertificateTrust Trust { get; }

        public TimeSpan ReadTimeout { get; set; } = DefaultReadTimeout;

        public TimeSpan WriteTimeout { get; set; } = DefaultWriteTimeout;

        /// <summary>After a write whose answer was lost, wait at most this long for the REST API before reading back.</summary>
        public TimeSpan ApiWaitBound { get; set; } = DefaultApiWaitBound;

        public int MaximumRetryCount { get; set; } = RetryPolicy.DefaultMaximumRetryCount;

        /// <summary>The first retry waits about this long; each later one twice as long, up to the cap.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = RetryPolicy.DefaultBaseDelay;

        public TimeSpan RetryMaximumDelay { get; set; } = RetryPolicy.DefaultMaximumDelay;

        public Uri? Proxy { get; set; }

        public NetworkCredential? ProxyCredential { get; set; }
    }
}
