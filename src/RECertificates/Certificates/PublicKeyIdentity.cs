using System;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RECertificates.Certificates
{
    /// <summary>
    /// A public key reduced to what matters for matching a key to a certificate: algorithm, size, curve and a
    /// fingerprint of the public values. Comparing public keys is how we check a pair, instead of signing with
    /// the private key (slow, and it would need the key loaded into a crypto provider).
    /// </summary>
    internal sealed class PublicKeyIdentity
    {
        public const string RsaAlgorithm = "RSA";
        public const string EcdsaAlgorithm = "ECDSA";
        internal const string RsaOid = "1.2.840.113549.1.1.1";
        internal const string EcPublicKeyOid = "1.2.840.10045.2.1";

        private PublicKeyIdentity(string algorithm, int keySize, string? curve, string fingerprint)
        {
            Algorithm = algorithm;
            KeySize = keySize;
            Curve = curve;
            Fingerprint = fingerprint;
        }

        /// <summary>"RSA" or "ECDSA".</summary>
        public string Algorithm { get; }

        public int KeySize { get; }

        /// <summary>"P-256", "P-384", "P-521" for ECDSA; null for RSA.</summary>
        public string? Curve { get; }

        /// <summary>Upper-case hex SHA-256 of the public values; equal fingerprints mean the same key pair.</summary>
        public string Fingerprint { get; }

        /// <summary>"RSA 2048", "ECDSA P-256": the way the module shows a key.</summary>
        public string Description => Describe(Algorithm, KeySize, Curve);

        /// <summary>"RSA 2048", "ECDSA P-256": how any key, public or private, is shown.</summary>
        public static string Describe(string algorithm, int keySize, string? curve) =>
            algorithm == RsaAlgorithm ? $"RSA {keySize}" : $"ECDSA {curve}";

        public bool Matches(PublicKeyIdentity other) => string.Equals(Fingerprint, other.Fingerprint, StringComparison.Ordinal);

        public static PublicKeyIdentity FromRsa(ReadOnlySpan<byte> modulus, ReadOnlySpan<byte> exponent)
        {
            modulus = TrimLeadingZeros(modulus);
            exponent = TrimLeadingZeros(exponent);
            int bits = modulus.IsEmpty ? 0 : ((modulus.Length - 1) * 8) + BitLength(modulus[0]);
            return new PublicKeyIdentity(RsaAlgorithm, bits, null, Hash("RSA", modulus, exponent));
        }

        /// <param name="point">The encoded public point (04 || X || Y).</param>
        public static PublicKeyIdentity FromEc(string curveOid, ReadOnlySpan<byte> point) =>
            new PublicKeyIdentity(EcdsaAlgorithm, EllipticCurves.KeySizeOf(curveOid), EllipticCurves.NameOf(curveOid), Hash("EC " + curveOid, point, ReadOnlySpan<byte>.Empty));

        /// <summary>The identity of a certificate's key, or null for algorithms other than RSA and ECDSA.</summary>
        public static PublicKeyIdentity? FromCertificate(X509Certificate2 certificate)
        {
            PublicKey key = certificate.PublicKey;
            byte[] value = key.EncodedKeyValue.RawData;
            try
            {
                switch (key.Oid.Value)
                {
                    case RsaOid:
                        // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
                        AsnReader rsa = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
                        ReadOnlyMemory<byte> modulus = rsa.ReadIntegerBytes();
                        ReadOnlyMemory<byte> exponent = rsa.ReadIntegerBytes();
                        return FromRsa(modulus.Span, exponent.Span);
                    case EcPublicKeyOid:
                        string curveOid = new AsnReader(key.EncodedParameters.RawData, AsnEncodingRules.DER).ReadObjectIdentifier();
                        return FromEc(curveOid, value);
                    default:
                        return null;
                }
            }
            catch (AsnContentException)
            {
                return null;
            }
        }

        private static string Hash(string kind, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
        {
            byte[] prefix = Encoding.ASCII.GetBytes(kind + ":");
            byte[] all = new byte[prefix.Length + first.Length + 1 + second.Length];
            prefix.CopyTo(all, 0);
            first.CopyTo(all.AsSpan(prefix.Length));
            all[prefix.Length + first.Length] = (byte)':';
            second.CopyTo(all.AsSpan(prefix.Length + first.Length + 1));
            using (SHA256 sha = SHA256.Create())
            {
                return Hex.ToUpper(sha.ComputeHash(all));
            }
        }

        private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
        {
            int i = 0;
            while (i < value.Length - 1 && value[i] == 0)
            {
                i++;
            }

            return value.Slice(i);
        }

        private static int BitLength(byte b)
        {
            int bits = 0;
            while (b != 0)
            {
                bits++;
                b >>= 1;
            }

            return bits;
        }
    }
}
