using System;
using System.Formats.Asn1;
using System.Security;
using System.Threading;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// A binary (DER) certificate: what Windows' certificate export writes by default ("DER encoded binary X.509",
    /// a .cer file), and openssl x509 -outform der. Any other single DER structure is refused here by name.
    /// </summary>
    internal sealed class DerCertificateReader : IContentReader
    {
        /// <summary>One complete DER SEQUENCE and nothing after it (PEM text never is one).</summary>
        public bool Recognizes(byte[] content)
        {
            if (content.Length == 0 || content[0] != 0x30)
            {
                return false;
            }

            try
            {
                return AsnDecoder.TryReadEncodedValue(content, AsnEncodingRules.BER, out _, out _, out _, out int consumed)
                    && consumed == content.Length;
            }
            catch (AsnContentException)
            {
                return false;
            }
        }

        public SourceContent Read(byte[] content, string source, SecureString? password, CancellationToken cancellation)
        {
            if (!IsCertificate(content))
            {
                throw NotACertificate(source);
            }

            try
            {
                using (var certificate = new X509Certificate2(content))
                {
                    return new SourceContent(PemText.Certificate(certificate.RawData), null, source);
                }
            }
            catch (CryptographicException)
            {
                throw NotACertificate(source);
            }
        }

        // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE, signature BIT STRING }.
        // Checked before X509Certificate2 sees the bytes: it would also take PKCS#7 or PKCS#12 blobs.
        private static bool IsCertificate(byte[] content)
        {
            try
            {
                AsnReader certificate = new AsnReader(content, AsnEncodingRules.DER).ReadSequence();
                certificate.ReadSequence();
                certificate.ReadSequence();
                certificate.ReadBitString(out _);
                return !certificate.HasData;
            }
            catch (AsnContentException)
            {
                return false;
            }
        }

        private static CertificateInputException NotACertificate(string source) => new CertificateInputException(
            IssueIds.InvalidCertificate,
            $"{source} holds binary (DER) data that is not an X.509 certificate nor a PKCS#12 file; give the certificate itself (PEM, DER .cer, or a .pfx).",
            source);
    }
}
