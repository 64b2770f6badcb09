using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// PEM text: certificates, a key, or both (text around the blocks, such as OpenSSL's "Bag Attributes", is
    /// ignored). An encrypted key is decrypted with -Password. Also the last reader: what no other reader claimed is
    /// explained here (not PEM, empty, binary).
    /// </summary>
    internal sealed class PemContentReader : IContentReader
    {
        private const string Pkcs12Label = "PKCS12";
        private const int MaximumLabelsShown = 5;

        private static readonly Pkcs12ContentReader Pkcs12 = new Pkcs12ContentReader();

        public bool Recognizes(byte[] content) => true;

        public SourceContent Read(byte[] content, string source, SecureString? password, CancellationToken cancellation)
        {
            char[] text = CertificateFileReader.Decode(content, source);
            List<PemBlock>? blocks = null;
            try
            {
                blocks = PemReader.Read(text, source);
                List<PemBlock> keys = blocks.Where(b => b.IsPrivateKey || b.IsEncryptedPrivateKey).ToList();
                if (keys.Count > 1)
                {
                    throw new CertificateInputException(IssueIds.MultiplePrivateKeys, $"'{source}' holds {keys.Count} private keys; a certificate has exactly one. Keep only the key of the first certificate.", source);
                }

                bool hasCertificate = blocks.Any(b => b.IsCertificate);
                if (!hasCertificate && keys.Count == 0)
                {
                    // A PKCS#12 file some tools wrap in PEM armor is read as the PKCS#12 file it is.
                    PemBlock? armored = blocks.FirstOrDefault(b => b.Label == Pkcs12Label);
                    if (armored != null)
                    {
                        return ReadArmoredPkcs12(armored, source, password, cancellation);
                    }

                    throw NothingToRead(source, blocks);
                }

                SecureString? key = keys.Count == 0 ? null
                    : keys[0].IsEncryptedPrivateKey ? EncryptedKeyReader.Decrypt(keys[0], password, source, cancellation)
                    : SecretText.ToSecureString(new ReadOnlySpan<char>(text, keys[0].TextStart, keys[0].TextLength));
                string pem = hasCertificate ? CertificateChainReader.CertificateText(text, blocks) : string.Empty;
                return new SourceContent(pem, key, source);
            }
            finally
            {
                blocks?.ForEach(b => b.Clear());
                Array.Clear(text, 0, text.Length);
            }
        }

        private static SourceContent ReadArmoredPkcs12(PemBlock armored, string source, SecureString? password, CancellationToken cancellation)
        {
            if (!Pkcs12.Recognizes(armored.Data))
            {
                throw new CertificateInputException(IssueIds.InvalidPkcs12,
                    $"{source} holds a '-----BEGIN {Pkcs12Label}-----' block, but what it wraps is not a PKCS#12 (.pfx) file; export the certificate with its chain again.", source);
            }

            return Pkcs12.Read(armored.Data, source, password, cancellation);
        }

        /// <summary>PEM blocks, none of them a certificate or a key: says which kinds were found (labels are checked printable text).</summary>
        private static CertificateInputException NothingToRead(string source, List<PemBlock> blocks)
        {
            if (blocks.Count == 0)
            {
                return PemReader.NotPem(source);
            }

            List<string> labels = blocks.Select(b => b.Label).Distinct(StringComparer.Ordinal).ToList();
            string found = string.Join(", ", labels.Take(MaximumLabelsShown).Select(l => $"'{l}'")) + (labels.Count > MaximumLabelsShown ? ", ..." : string.Empty);
            return new CertificateInputException(IssueIds.NotPem,
                $"{source} holds PEM blocks of kind {found}, but no certificate ('-----BEGIN CERTIFICATE-----') and no private key. Check that this is the right file, or export the certificate as PEM or PKCS#12 (.pfx).",
                source);
        }
    }
}
