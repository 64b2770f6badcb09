using System;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Renewal;

namespace RECertificates
{
    /// <summary>
    /// One certificate of a Redis Enterprise cluster (or one about to be sent to it): the leaf's facts a person
    /// looks for, the chain as the cluster holds it, and the private key only when it was asked for.
    /// </summary>
    public sealed class RECertificate
    {
        private readonly ChainFacts? _parsed;
        private X509Certificate2? _certificate;

        private RECertificate(string name, ChainFacts parsed, string certificatePem, bool hasPrivateKey, SecureString? privateKey, string? clusterName, RESession? session, DateTime utcNow)
        {
            Name = name;
            _parsed = parsed;
            Subject = parsed.Subject;
            Issuer = parsed.Issuer;
            NotBefore = parsed.NotBefore;
            NotAfter = parsed.NotAfter;
            DaysRemaining = ExpiryStatuses.DaysRemaining(parsed.NotAfterUtc, utcNow);
            IsExpired = parsed.NotAfterUtc <= utcNow;
            Thumbprint = parsed.Thumbprint;
            SerialNumber = parsed.SerialNumber;
            // Each object gets its own array: the parsed chain may be shared through the cache.
            DnsNames = (string[])parsed.DnsNames.Clone();
            KeyAlgorithm = parsed.KeyAlgorithm;
            ChainLength = parsed.ChainLength;
            CertificatePem = certificatePem;
            HasPrivateKey = hasPrivateKey;
            PrivateKey = privateKey;
            ClusterName = clusterName;
            Session = session;
        }

        /// <summary>An internal certificate from the health report: a name, an expiry, no chain (see <see cref="IsInternal"/>).</summary>
        private RECertificate(string name, DateTime notAfterUtc, bool expired, string? clusterName, RESession? session, DateTime utcNow)
        {
            Name = name;
            Subject = Issuer = Thumbprint = SerialNumber = KeyAlgorithm = CertificatePem = string.Empty;
            NotBefore = DateTime.MinValue;
            NotAfter = notAfterUtc.ToLocalTime();
            DaysRemaining = ExpiryStatuses.DaysRemaining(notAfterUtc, utcNow);
            IsExpired = expired || notAfterUtc <= utcNow;
            DnsNames = Array.Empty<string>();
            IsInternal = true;
            ClusterName = clusterName;
            Session = session;
        }

        /// <summary>The certificate's name on the cluster: api, cm, proxy, ...; for an internal one, the health report's type.</summary>
        public string Name { get; }

        public string Subject { get; }

        public string Issuer { get; }

        /// <summary>Local time, as <see cref="X509Certificate2.NotBefore"/>.</summary>
        public DateTime NotBefore { get; }

        /// <summary>Local time, as <see cref="X509Certificate2.NotAfter"/>.</summary>
        public DateTime NotAfter { get; }

        /// <summary>Whole days left when this object was made; negative once expired.</summary>
        public int DaysRemaining { get; }

        public bool IsExpired { get; }

        /// <summary>SHA-1, upper-case hex, as <see cref="X509Certificate.GetCertHashString()"/>.</summary>
        public string Thumbprint { get; }

        public string[] DnsNames { get; }

        public string SerialNumber { get; }

        /// <summary>"RSA 2048", "ECDSA P-256", ...</summary>
        public string KeyAlgorithm { get; }

        /// <summary>How many certificates the PEM holds: the leaf and its intermediates (and root, if given).</summary>
        public int ChainLength { get; }

        /// <summary>
        /// The leaf: this object's own instance, made when first asked for (listing certificates rarely needs it), so
        /// disposing it affects no other object. Null for an internal certificate: the health report gives no chain.
        /// </summary>
        public X509Certificate2 Certificate => _parsed == null ? null! : LazyInitializer.EnsureInitialized(ref _certificate, _parsed.CreateLeaf)!;

        /// <summary>The chain as the cluster holds it, leaf first.</summary>
        public string CertificatePem { get; }

        /// <summary>Whether a key came with the certificate (even when <see cref="PrivateKey"/> was not asked for).</summary>
        public bool HasPrivateKey { get; }

        /// <summary>The PEM private key; null unless asked for (Get-RECertificate -IncludePrivateKey).</summary>
        public SecureString? PrivateKey { get; }

        public string? ClusterName { get; }

        /// <summary>
        /// One of the certificates the cluster makes and rotates itself (Get-RECertificate -IncludeInternal, from the
        /// health report): it has a name and an expiry, no chain, and is not replaced with Set-RECertificate.
        /// </summary>
        public bool IsInternal { get; }

        public RESession? Session { get; }

        /// <summary>The name only: this object may travel through logs, and its key must not.</summary>
        public override string ToString() => Name;

        /// <summary>
        /// Whether both hold the very same chain, certificate by certificate, however the PEM was laid out (the one
        /// notion of chain identity, <see cref="ChainFingerprint"/>, that outcome resolution uses too). The same leaf
        /// means the same public key, so a key that matches one matches the other.
        /// </summary>
        /// <summary>
        /// This chain begins with all of <paramref name="other"/>'s certificates, in order (the same leaf, and this
        /// chain may hold more issuers): what an input whose chain came from a store that lacks issuers looks like.
        /// </summary>
        internal bool StartsWithChainOf(RECertificate other) =>
            ChainFingerprint.Of(CertificatePem) is string mine && ChainFingerprint.Of(other.CertificatePem) is string theirs
            && (mine == theirs || mine.StartsWith(theirs + ",", StringComparison.Ordinal));

        internal bool HasSameChainAs(RECertificate other) =>
            ChainFingerprint.Of(CertificatePem) is string mine && mine == ChainFingerprint.Of(other.CertificatePem);

        /// <summary>Builds the view of a certificate read from a cluster; the key (if asked for) is already secure.</summary>
        internal static RECertificate FromClusterEntry(ClusterCertificateEntry entry, string? clusterName, RESession? session, DateTime? utcNow = null)
        {
            string source = clusterName == null ? $"certificate '{entry.Name}'" : $"certificate '{entry.Name}' of cluster {clusterName}";
            ChainFacts parsed = ParsedChainCache.GetOrParse(entry.CertificatePem, source);
            return new RECertificate(entry.Name, parsed, entry.CertificatePem, entry.HasKey, entry.Key, clusterName, session, utcNow ?? DateTime.UtcNow);
        }

        /// <summary>
        /// As <see cref="FromClusterEntry"/>, for a session's certificates: a chain the module cannot read comes back
        /// as the reason, not thrown, so each caller decides what an unreadable certificate means for it.
        /// </summary>
        internal static RECertificate? TryFromClusterEntry(ClusterCertificateEntry entry, RESession session, out CertificateInputException? unreadable)
        {
            try
            {
                unreadable = null;
                return FromClusterEntry(entry, session.ClusterName, session);
            }
            catch (CertificateInputException exception)
            {
                unreadable = exception;
                return null;
            }
        }

        /// <summary>An internal certificate as the health report lists it; null when the report gives no expiry date.</summary>
        internal static RECertificate? FromHealthReport(HealthCertificate entry, string? clusterName, RESession? session, DateTime utcNow) =>
            entry.ValidUntilUtc is DateTime until ? new RECertificate(entry.Type, until, entry.Expired, clusterName, session, utcNow) : null;

        /// <summary>Builds the view from an already parsed chain (the validator has read it once already).</summary>
        internal static RECertificate FromChain(string name, X509Certificate2[] chain, string certificatePem, bool hasPrivateKey, DateTime utcNow) =>
            new RECertificate(name, new ChainFacts(chain), certificatePem, hasPrivateKey, null, null, null, utcNow);
    }
}
