using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates
{
    /// <summary>
    /// A chain read once, with the facts of its leaf that a person looks for. Parsing X.509 is the dearest part
    /// of listing certificates, and a cluster's certificates rarely change between two calls: see
    /// <see cref="ParsedChainCache"/>. Everything here is public information; no key is ever part of it. It keeps
    /// nothing that can be disposed (no X509Certificate2): objects made from it each get their own leaf certificate,
    /// so one caller disposing its certificate never empties another's.
    /// </summary>
    internal sealed class ParsedCertificateChain
    {
        // Each certificate's DER, leaf first; never handed out itself, only compared or copied into a new certificate.
        private readonly byte[][] _rawData;

        /// <param name="chain">Read, not kept: the caller still owns (and may dispose) the certificates.</param>
        public ParsedCertificateChain(X509Certificate2[] chain)
        {
            ChainLength = chain.Length;
            X509Certificate2 leaf = chain[0];
            _rawData = Array.ConvertAll(chain, certificate => certificate.RawData);
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
        public X509Certificate2 CreateLeaf() => new X509Certificate2(_rawData[0]);

        /// <summary>
        /// Whether both hold the very same chain, certificate by certificate (byte for byte, however the PEM was
        /// laid out). The same leaf means the same public key, so a key that matches one matches the other.
        /// </summary>
        public bool HasSameChainAs(ParsedCertificateChain other) =>
            _rawData.Length == other._rawData.Length
            && _rawData.Zip(other._rawData, (mine, theirs) => mine.AsSpan().SequenceEqual(theirs)).All(same => same);

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
