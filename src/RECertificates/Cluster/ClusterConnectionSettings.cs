using System;
using System.Net;
using System.Security;

namespace RECertificates
{
    /// <summary>Everything needed to talk to one cluster. The password stays a SecureString.</summary>
    internal sealed class ClusterConnectionSettings
    {
        /// <summary>How long a read may take when the user did not say (Invoke-RestMethod's own default).</summary>
        public static readonly TimeSpan DefaultReadTimeout = TimeSpan.FromSeconds(100);

        /// <summary>The cluster's own limit for a certificate update is 900 seconds: wait that long by default.</summary>
        public static readonly TimeSpan DefaultWriteTimeout = TimeSpan.FromSeconds(900);

        public ClusterConnectionSettings(Uri baseUri, string userName, SecureString password, ServerCertificateTrust trust)
        {
            BaseUri = baseUri;
            UserName = userName;
            Password = password;
            Trust = trust;
        }

        public Uri BaseUri { get; }

        public string UserName { get; }

        public SecureString Password { get; }

        public ServerCertificateTrust Trust { get; }

        public TimeSpan ReadTimeout { get; set; } = DefaultReadTimeout;

        public TimeSpan WriteTimeout { get; set; } = DefaultWriteTimeout;

        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>The first retry waits about this long; each later one twice as long, up to the cap.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan RetryMaximumDelay { get; set; } = TimeSpan.FromSeconds(30);

        public Uri? Proxy { get; set; }

        public NetworkCredential? ProxyCredential { get; set; }
    }
}
