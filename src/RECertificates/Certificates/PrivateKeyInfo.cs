namespace RECertificates.Certificates
{
    /// <summary>
    /// What the module needs to know about a private key: its kind, its size, and the public key it belongs to.
    /// Deliberately holds no private material, so it can be logged, compared and kept around safely.
    /// </summary>
    internal sealed class PrivateKeyInfo
    {
        public PrivateKeyInfo(string algorithm, int keySize, string? curve, PublicKeyIdentity? publicKey, string format)
        {
            Algorithm = algorithm;
            KeySize = keySize;
            Curve = curve;
            PublicKey = publicKey;
            Format = format;
        }

        /// <summary>"RSA" or "ECDSA".</summary>
        public string Algorithm { get; }

        public int KeySize { get; }

        /// <summary>"P-256", "P-384", "P-521" for ECDSA keys; null for RSA.</summary>
        public string? Curve { get; }

        /// <summary>
        /// The matching public key; null when an EC key does not carry it and this runtime cannot derive it
        /// (Windows PowerShell 5.1), in which case the pair cannot be checked locally.
        /// </summary>
        public PublicKeyIdentity? PublicKey { get; }

        /// <summary>The PEM label it was read from ("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY").</summary>
        public string Format { get; }

        public string Description => PublicKeyIdentity.Describe(Algorithm, KeySize, Curve);

        public override string ToString() => Description;
    }
}
