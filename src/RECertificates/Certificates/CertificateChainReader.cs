using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using RECertificates.Cluster;

namespace RECertificates.Certificates
{
    /// <summary>
    /// Reads a <c>*_cert</c> PEM: a chain, leaf first, then intermediates, root optional. Blocks that are not
    /// certificates (an EC PARAMETERS block from openssl ecparam, say) are ignored; keys are the pairing's business.
    /// </summary>
    internal static class CertificateChainReader
    {
        /// <summary>
        /// The most certificates one input may hold. A chain holds a handful, a CA bundle for client certificates a
        /// few dozen; the bound keeps the work on a hostile file (thousands of certificates under one name, whose
        /// order only signatures can tell) well under a second.
        /// </summary>
        public const int MaximumCertificates = 100;

        /// <exception cref="CertificateInputException">No certificate, or one that does not decode.</exception>
        public static X509Certificate2[] Read(string pem, string source)
        {
            List<PemBlock> blocks = PemReader.Read(pem.AsSpan(), source);
            try
            {
                return ToCertificates(blocks, source);
            }
            finally
            {
                foreach (PemBlock block in blocks)
                {
                    block.Clear();
                }
            }
        }

        public static X509Certificate2[] ToCertificates(IEnumerable<PemBlock> blocks, string source)
        {
            var chain = new List<X509Certificate2>();
            bool sawKey = false;
            foreach (PemBlock block in blocks)
            {
                sawKey |= block.IsPrivateKey;
                if (!block.IsCertificate)
                {
                    continue;
                }

                if (chain.Count == MaximumCertificates)
                {
                    chain.ForEach(c => c.Dispose());
                    throw TooMany(source);
                }

                try
                {
                    chain.Add(new X509Certificate2(block.Data));
                }
                catch (CryptographicException)
                {
                    throw new CertificateInputException(
                        IssueIds.InvalidCertificate,
                        $"{source}: certificate {chain.Count + 1} of the file decodes from base64 but is not a valid X.509 certificate; export it again.",
                        source);
                }
            }

            if (chain.Count == 0)
            {
                throw sawKey
                    ? new CertificateInputException(IssueIds.KeyOnlyNoCertificate, $"{source} holds a private key but no certificate; give the certificate file too (the key is found beside it or through -KeyPath).", source, FailureKind.ObjectNotFound)
                    : PemReader.NotPem(source);
            }

            return chain.ToArray();
        }

        /// <summary>An input with more than <see cref="MaximumCertificates"/> certificates: no chain is that long.</summary>
        public static CertificateInputException TooMany(string source) => new CertificateInputException(
            IssueIds.ChainTooLong,
            $"{source} holds more than {MaximumCertificates} certificates, the most one input may hold; a chain holds the leaf and its few issuers. Keep only the certificate and its chain (or, for a CA bundle, the CAs it must trust).",
            source);

        /// <summary>
        /// Only the certificate blocks of <paramref name="text"/>; text the reader cannot read keeps what is not
        /// (part of) a private key block, so a chain stays readable enough for its error and a key never stays.
        /// </summary>
        public static string CertificateBlocksOnly(string text)
        {
            List<PemBlock> blocks;
            try
            {
                blocks = PemReader.Read(text.AsSpan(), "the certificate text");
            }
            catch (CertificateInputException)
            {
                return SecretScrubber.WithoutPrivateKeyBlocks(text);
            }

            try
            {
                return CertificateText(text.AsSpan(), blocks);
            }
            finally
            {
                blocks.ForEach(b => b.Clear());
            }
        }

        /// <summary>The certificate blocks' text exactly as written, one per line: what the cluster is sent.</summary>
        public static string CertificateText(ReadOnlySpan<char> text, IEnumerable<PemBlock> blocks)
        {
            var pem = new StringBuilder();
            foreach (PemBlock block in blocks)
            {
                if (block.IsCertificate)
                {
                    pem.Append(text.Slice(block.TextStart, block.TextLength).ToString()).Append('\n');
                }
            }

            return pem.ToString();
        }
    }
}
