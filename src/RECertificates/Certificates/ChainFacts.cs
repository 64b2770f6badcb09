using System;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Certificates
{
    /// <summary>
    /// The public facts of a chain, read once: not a certificate object of its own, but what the
    /// <see cref="RECertificate"/>s made from the same PEM share (the leaf's facts a person looks for). Parsing X.509
    /// is the dearest part of listing certificates, and a cluster's certificates rarely change between two calls:
    /// see <see cref="ParsedChainCache"/>. Everything here is public information; no key is ever part of it. It keeps
    /// nothing that can be disposed (no X509Certificate2): objects made from it each get their own leaf certificate,
    /// so one caller disposing its certificate never empties another's.
    /// </summary>
    internal sealed class ChainFacts
    {
        // The leaf's DER; never handed out itself, only copied into a new certificate.
        private readonly byte[] _leafRawData;

        /// <param name="chain">Read, not kept: the caller still owns (and may dispose) the certificates.</param>
        public ChainFacts(X509Certificate2[] chain)
        {
            ChainLength = chain.Length;
            X509Certificate2 leaf = chain[0];
            _leafRawData = leaf.RawData;
            Subject = leaf.Subject;
            Issuer = leaf.Issuer;
            NotBefore = leaf.NotBefore;
            NotAfter = leaf.NotAfter;
            NotAfterUtc = leaf.NotAfter.ToUniversalTime();
            Thumbprint = leaf.Thumbprint;
            SerialNumber = leaf.SerialNumber;
            DnsNames = SubjectAlternativeNames.DnsNames(leaf);
            KeyAlgorithm = PublicKeyIdentity.FromCertificate(leaf)?.Description ?? leaf.PublicKey.Oid.FriendlyName ?? leaf.PublicKey.Oid.Value ?? string.Empty;
        }

        public int ChainLength { get; }

        /// <summary>A new instance of the leaf, for one caller to own.</summary>
        public X509Certificate2 CreateLeaf() => new X509Certificate2(_leafRawData);

        public string Subject { get; }

        public string Issuer { get; }

        public DateTime NotBefore { get; }

        public DateTime NotAfter { get; }

        public DateTime NotAfterUtc { get; }

        public string Thumbprint { get; }

        public string SerialNumber { get; }

        public string[] DnsNames { get; }

        public string KeyAlgorithm { get; }
    }
}
