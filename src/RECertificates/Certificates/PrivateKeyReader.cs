using System;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace RECertificates.Certificates
{
    /// <summary>
    /// Reads the public half out of the three unencrypted private-key formats the cluster accepts: PKCS#1
    /// (RSA PRIVATE KEY), PKCS#8 (PRIVATE KEY, RSA or EC inside) and SEC1 (EC PRIVATE KEY). netstandard2.0 has
    /// no key import from PEM, so the DER is walked with AsnReader; private values are only skipped, never copied
    /// (except the EC scalar, briefly, when the public point must be derived from it).
    /// </summary>
    internal static class PrivateKeyReader
    {
        /// <exception cref="CertificateInputException">The block is not a readable unencrypted RSA or EC key.</exception>
        public static PrivateKeyInfo Read(PemBlock block, string source)
        {
            if (block.IsEncryptedPrivateKey)
            {
                throw PemReader.Encrypted(source);
            }

            try
            {
                switch (block.Label)
                {
                    case PemBlock.RsaPrivateKeyLabel:
                        return ReadRsa(block.Data, block.Label);
                    case PemBlock.EcPrivateKeyLabel:
                        return ReadEc(block.Data, null, block.Label, source);
                    case PemBlock.Pkcs8PrivateKeyLabel:
                        return ReadPkcs8(block.Data, source);
                    default:
                        throw Invalid(source, $"a '{block.Label}' block is not a private key");
                }
            }
            catch (AsnContentException)
            {
                throw Invalid(source, $"the '{block.Label}' block is damaged or is not the key type its label says");
            }
        }

        // RSAPrivateKey ::= SEQUENCE { version, modulus, publicExponent, privateExponent, prime1, prime2,
        //                              exponent1, exponent2, coefficient, otherPrimeInfos OPTIONAL }
        private static PrivateKeyInfo ReadRsa(ReadOnlyMemory<byte> der, string format)
        {
            AsnReader key = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
            key.ReadInteger();
            ReadOnlyMemory<byte> modulus = key.ReadIntegerBytes();
            ReadOnlyMemory<byte> exponent = key.ReadIntegerBytes();
            for (int i = 0; i < 6; i++)
            {
                key.ReadIntegerBytes(); // the private values: checked to be present, not kept
            }

            PublicKeyIdentity identity = PublicKeyIdentity.FromRsa(modulus.Span, exponent.Span);
            return new PrivateKeyInfo(PublicKeyIdentity.RsaAlgorithm, identity.KeySize, null, identity, format);
        }

        // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier { algorithm, parameters }, privateKey OCTET STRING, ... }
        private static PrivateKeyInfo ReadPkcs8(ReadOnlyMemory<byte> der, string source)
        {
            AsnReader info = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
            info.ReadInteger();
            AsnReader algorithm = info.ReadSequence();
            string algorithmOid = algorithm.ReadObjectIdentifier();
            switch (algorithmOid)
            {
                case PublicKeyIdentity.RsaOid:
                    return ReadRsa(ReadOctets(info), PemBlock.Pkcs8PrivateKeyLabel);
                case PublicKeyIdentity.EcPublicKeyOid:
                    string curveOid = algorithm.ReadObjectIdentifier();
                    return ReadEc(ReadOctets(info), curveOid, PemBlock.Pkcs8PrivateKeyLabel, source);
                default:
                    throw Invalid(source, $"the key's algorithm ({algorithmOid}) is neither RSA nor ECDSA, which the cluster does not accept");
            }
        }

        // ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OPTIONAL, [1] publicKey BIT STRING OPTIONAL }
        private static PrivateKeyInfo ReadEc(ReadOnlyMemory<byte> der, string? curveOid, string format, string source)
        {
            AsnReader key = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
            key.ReadInteger();
            ReadOnlyMemory<byte> scalar = ReadOctets(key);
            var parametersTag = new Asn1Tag(TagClass.ContextSpecific, 0, true);
            var publicKeyTag = new Asn1Tag(TagClass.ContextSpecific, 1, true);
            if (key.HasData && key.PeekTag().HasSameClassAndValue(parametersTag))
            {
                curveOid = key.ReadSequence(parametersTag).ReadObjectIdentifier();
            }

            if (curveOid == null)
            {
                throw Invalid(source, "the EC key does not say which curve it uses");
            }

            PublicKeyIdentity? identity = null;
            if (key.HasData && key.PeekTag().HasSameClassAndValue(publicKeyTag))
            {
                byte[] point = key.ReadSequence(publicKeyTag).ReadBitString(out _);
                identity = PublicKeyIdentity.FromEc(curveOid, point);
            }
            else
            {
                identity = DerivePublicKey(curveOid, scalar.Span);
            }

            return new PrivateKeyInfo(PublicKeyIdentity.EcdsaAlgorithm, EllipticCurves.KeySizeOf(curveOid), EllipticCurves.NameOf(curveOid), identity, format);
        }

        /// <summary>
        /// Some tools leave the public point out of an EC key. .NET Core 3.0 and later compute it when given only
        /// the private scalar; .NET Framework (Windows PowerShell 5.1) refuses, and then the match stays unverified.
        /// </summary>
        private static PublicKeyIdentity? DerivePublicKey(string curveOid, ReadOnlySpan<byte> scalar)
        {
            byte[] d = scalar.ToArray();
            try
            {
                using (ECDsa ecdsa = ECDsa.Create())
                {
                    ecdsa.ImportParameters(new ECParameters { Curve = EllipticCurves.CurveOf(curveOid), D = d });
                    ECParameters exported = ecdsa.ExportParameters(false);
                    if (exported.Q.X == null || exported.Q.Y == null)
                    {
                        return null;
                    }

                    byte[] point = new byte[1 + exported.Q.X.Length + exported.Q.Y.Length];
                    point[0] = 0x04; // uncompressed, as certificates encode it
                    exported.Q.X.CopyTo(point, 1);
                    exported.Q.Y.CopyTo(point, 1 + exported.Q.X.Length);
                    return PublicKeyIdentity.FromEc(curveOid, point);
                }
            }
            catch (Exception e) when (e is CryptographicException || e is PlatformNotSupportedException || e is ArgumentException)
            {
                return null;
            }
            finally
            {
                Array.Clear(d, 0, d.Length);
            }
        }

        private static ReadOnlyMemory<byte> ReadOctets(AsnReader reader)
        {
            if (reader.TryReadPrimitiveOctetString(out ReadOnlyMemory<byte> contents))
            {
                return contents;
            }

            // A constructed (BER) octet string is legal but rare, and reading it would copy the secret into an
            // array nobody clears; refuse it as a damaged key instead.
            throw new AsnContentException("constructed octet string");
        }

        private static CertificateInputException Invalid(string source, string reason) => new CertificateInputException(
            IssueIds.InvalidPrivateKey,
            $"{source}: {reason}. Give an unencrypted RSA or ECDSA key in PEM (BEGIN RSA PRIVATE KEY, BEGIN PRIVATE KEY or BEGIN EC PRIVATE KEY).",
            source);
    }
}
