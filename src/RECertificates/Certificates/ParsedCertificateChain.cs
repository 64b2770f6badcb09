using System;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates
{
    /// <summary>
    /// A chain read once, with the facts of its leaf that a person looks for. Parsing X.509 is the dearest part
    /// of listing certificates, and a cluster's certificates rarely change between two calls: see
    /// <see cref="ParsedChainCache"/>. Everything here is public information; no key is ever part of it.
    /// </summary>
    internal sealed class ParsedCertificateChain
    {
        public ParsedCertificateChain(X509Certificate2[] chain)
        {
            Chain = chain;
            X509Certificate2 leaf = chain[0];
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

        public X509Certificate2[] Chain { get; }

        public X509Certificate2 Leaf => Chain[0];

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
