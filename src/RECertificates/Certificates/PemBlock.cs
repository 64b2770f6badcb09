using System;

namespace RECertificates
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

        public PemBlock(string label, byte[] data, int textStart, int textLength)
        {
            Label = label;
            Data = data;
            TextStart = textStart;
            TextLength = textLength;
        }

        public string Label { get; }

        /// <summary>The DER bytes between the markers.</summary>
        public byte[] Data { get; }

        /// <summary>Offset of the BEGIN marker in the source text.</summary>
        public int TextStart { get; }

        /// <summary>Length from the BEGIN marker to the end of the END marker.</summary>
        public int TextLength { get; }

        // "X509 CERTIFICATE" is what some old tools write for the same thing.
        public bool IsCertificate => Label == CertificateLabel || Label == "X509 CERTIFICATE";

        public bool IsPrivateKey =>
            Label == RsaPrivateKeyLabel || Label == Pkcs8PrivateKeyLabel || Label == EcPrivateKeyLabel;

        public void Clear() => Array.Clear(Data, 0, Data.Length);
    }
}
