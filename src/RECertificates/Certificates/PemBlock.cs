using System;

namespace RECertificates.Certificates
{
    /// <summary>
    /// One <c>-----BEGIN label----- ... -----END label-----</c> block: its label, its decoded DER bytes, and where it
    /// sits in the text it was read from (so a certificate chain can be handed on exactly as written).
    /// The DER of a private key is a secret: whoever reads a key block calls <see cref="Clear"/> when done.
    /// </summary>
    internal sealed class PemBlock
    {
        public const string CertificateLabel = "CERTIFICATE";
        public const string RsaPrivateKeyLabel = "RSA PRIVATE KEY";
        public const string Pkcs8PrivateKeyLabel = "PRIVATE KEY";
        public const string EcPrivateKeyLabel = "EC PRIVATE KEY";
        public const string EncryptedPrivateKeyLabel = "ENCRYPTED PRIVATE KEY";

        /// <summary>What some old tools write for <see cref="CertificateLabel"/>.</summary>
        public const string LegacyCertificateLabel = "X509 CERTIFICATE";
        public const string CertificateRequestLabel = "CERTIFICATE REQUEST";

        /// <summary>What some old tools write for <see cref="CertificateRequestLabel"/>.</summary>
        public const string LegacyCertificateRequestLabel = "NEW CERTIFICATE REQUEST";

        public PemBlock(string label, byte[] data, int textStart, int textLength, string? legacyEncryption = null)
        {
            LegacyEncryption = legacyEncryption;
            Label = label;
            Data = data;
            TextStart = textStart;
            TextLength = textLength;
        }

        public string Label { get; }

        /// <summary>OpenSSL's legacy key encryption, the DEK-Info value ("AES-256-CBC,&lt;iv in hex&gt;"); null when not encrypted.</summary>
        public string? LegacyEncryption { get; }

        /// <summary>A private key that needs a password first: PKCS#8 ENCRYPTED PRIVATE KEY, or a legacy Proc-Type: 4,ENCRYPTED key.</summary>
        public bool IsEncryptedPrivateKey => Label == EncryptedPrivateKeyLabel || (LegacyEncryption != null && IsPrivateKey);

        /// <summary>The DER bytes between the markers.</summary>
        public byte[] Data { get; }

        /// <summary>Offset of the BEGIN marker in the source text.</summary>
        public int TextStart { get; }

        /// <summary>Length from the BEGIN marker to the end of the END marker.</summary>
        public int TextLength { get; }

        public bool IsCertificate => Label == CertificateLabel || Label == LegacyCertificateLabel;

        /// <summary>An unencrypted key's label (a legacy encrypted key keeps its label: see <see cref="IsEncryptedPrivateKey"/>).</summary>
        public bool IsPrivateKey =>
            Label == RsaPrivateKeyLabel || Label == Pkcs8PrivateKeyLabel || Label == EcPrivateKeyLabel;

        public void Clear() => Array.Clear(Data, 0, Data.Length);
    }
}
