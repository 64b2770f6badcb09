using System;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Certificates
{
    /// <summary>
    /// Checks that one certificate was signed by another's key, so a chain is judged by its signatures and not
    /// only by names that anyone can copy. netstandard2.0 has no API for this, so the certificate is split with
    /// AsnReader into tbsCertificate, signatureAlgorithm and signatureValue and verified with the issuer's
    /// public key (a public-key operation: fast).
    /// </summary>
    internal static class CertificateSignature
    {
        public const string Sha1WithRsaOid = "1.2.840.113549.1.1.5";
        public const string EcdsaWithSha1Oid = "1.2.840.10045.4.1";
        private const string RsaPssOid = "1.2.840.113549.1.1.10";

        /// <summary>True if <paramref name="issuer"/> named and signed <paramref name="child"/>.</summary>
        public static bool IsIssuedBy(X509Certificate2 child, X509Certificate2 issuer) =>
            NamesMatch(child, issuer) && VerifiesWith(child, issuer) != false;

        public static bool NamesMatch(X509Certificate2 child, X509Certificate2 issuer) =>
            child.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData);

        public static bool IsSha1(X509Certificate2 certificate) =>
            certificate.SignatureAlgorithm.Value == Sha1WithRsaOid || certificate.SignatureAlgorithm.Value == EcdsaWithSha1Oid;

        /// <summary>True or false when checked; null for a signature algorithm this module cannot check.</summary>
        public static bool? VerifiesWith(X509Certificate2 child, X509Certificate2 issuer)
        {
            try
            {
                // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
                AsnReader certificate = new AsnReader(child.RawData, AsnEncodingRules.DER).ReadSequence();
                byte[] signed = certificate.ReadEncodedValue().ToArray();
                AsnReader algorithm = certificate.ReadSequence();
                string algorithmOid = algorithm.ReadObjectIdentifier();
                byte[] signature = certificate.ReadBitString(out _);

                switch (algorithmOid)
                {
                    case "1.2.840.113549.1.1.5": return VerifyRsa(issuer, signed, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
                    case "1.2.840.113549.1.1.11": return VerifyRsa(issuer, signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    case "1.2.840.113549.1.1.12": return VerifyRsa(issuer, signed, signature, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1);
                    case "1.2.840.113549.1.1.13": return VerifyRsa(issuer, signed, signature, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
                    case RsaPssOid: return VerifyRsa(issuer, signed, signature, PssHash(algorithm), RSASignaturePadding.Pss);
                    case EcdsaWithSha1Oid: return VerifyEcdsa(issuer, signed, signature, HashAlgorithmName.SHA1);
                    case "1.2.840.10045.4.3.2": return VerifyEcdsa(issuer, signed, signature, HashAlgorithmName.SHA256);
                    case "1.2.840.10045.4.3.3": return VerifyEcdsa(issuer, signed, signature, HashAlgorithmName.SHA384);
                    case "1.2.840.10045.4.3.4": return VerifyEcdsa(issuer, signed, signature, HashAlgorithmName.SHA512);
                    default: return null;
                }
            }
            catch (Exception e) when (e is AsnContentException || e is CryptographicException)
            {
                return false;
            }
        }

        private static bool? VerifyRsa(X509Certificate2 issuer, byte[] signed, byte[] signature, HashAlgorithmName hash, RSASignaturePadding padding)
        {
            using (RSA? rsa = issuer.GetRSAPublicKey())
            {
                return rsa?.VerifyData(signed, signature, hash, padding) ?? false;
            }
        }

        private static bool? VerifyEcdsa(X509Certificate2 issuer, byte[] signed, byte[] derSignature, HashAlgorithmName hash)
        {
            using (ECDsa? ecdsa = issuer.GetECDsaPublicKey())
            {
                if (ecdsa == null)
                {
                    return false;
                }

                // X.509 carries ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }; .NET verifies r||s of fixed width.
                int fieldBytes = (ecdsa.KeySize + 7) / 8;
                AsnReader pair = new AsnReader(derSignature, AsnEncodingRules.DER).ReadSequence();
                byte[] signature = new byte[fieldBytes * 2];
                if (!CopyUnsigned(pair.ReadIntegerBytes().Span, signature.AsSpan(0, fieldBytes)) ||
                    !CopyUnsigned(pair.ReadIntegerBytes().Span, signature.AsSpan(fieldBytes, fieldBytes)))
                {
                    return false;
                }

                return ecdsa.VerifyData(signed, signature, hash);
            }
        }

        private static bool CopyUnsigned(ReadOnlySpan<byte> integer, Span<byte> destination)
        {
            while (integer.Length > 0 && integer[0] == 0)
            {
                integer = integer.Slice(1);
            }

            if (integer.Length > destination.Length)
            {
                return false;
            }

            integer.CopyTo(destination.Slice(destination.Length - integer.Length));
            return true;
        }

        // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] AlgorithmIdentifier DEFAULT sha1, ... }
        private static HashAlgorithmName PssHash(AsnReader algorithm)
        {
            var hashTag = new Asn1Tag(TagClass.ContextSpecific, 0, true);
            if (!algorithm.HasData)
            {
                return HashAlgorithmName.SHA1;
            }

            AsnReader parameters = algorithm.ReadSequence();
            if (!parameters.HasData || !parameters.PeekTag().HasSameClassAndValue(hashTag))
            {
                return HashAlgorithmName.SHA1;
            }

            string hashOid = parameters.ReadSequence(hashTag).ReadSequence().ReadObjectIdentifier();
            switch (hashOid)
            {
                case "2.16.840.1.101.3.4.2.1": return HashAlgorithmName.SHA256;
                case "2.16.840.1.101.3.4.2.2": return HashAlgorithmName.SHA384;
                case "2.16.840.1.101.3.4.2.3": return HashAlgorithmName.SHA512;
                default: return HashAlgorithmName.SHA1;
            }
        }
    }
}
