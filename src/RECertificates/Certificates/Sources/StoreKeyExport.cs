using System;
using System.Formats.Asn1;
using System.Threading;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Cluster;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// Takes the private key of a certificate from the certificate store (or any X509Certificate2) as unencrypted PEM,
    /// in memory. First the plain export (CAPI keys, and CNG keys that allow it); CNG keys that allow only an encrypted
    /// export (what Windows gives a PFX imported as exportable) go through a PKCS#12 export with a one-time random
    /// password, opened again in memory. A key that allows neither is refused by name, with what to do.
    /// </summary>
    internal static class StoreKeyExport
    {
        private const string RsaPrivateKeyLabel = PemBlock.RsaPrivateKeyLabel;
        private const string EcPrivateKeyLabel = PemBlock.EcPrivateKeyLabel;

        /// <exception cref="CertificateInputException">The key cannot be exported, or is neither RSA nor ECDSA.</exception>
        public static SecureString Export(X509Certificate2 certificate, string description)
        {
            try
            {
                using (RSA? rsa = certificate.GetRSAPrivateKey())
                {
                    if (rsa != null)
                    {
                        return Export(rsa, null, password => certificate.Export(X509ContentType.Pkcs12, password), certificate, description);
                    }
                }

                using (ECDsa? ecdsa = certificate.GetECDsaPrivateKey())
                {
                    if (ecdsa != null)
                    {
                        return Export(ecdsa, CurveOf(certificate), password => certificate.Export(X509ContentType.Pkcs12, password), certificate, description);
                    }
                }
            }
            catch (CryptographicException)
            {
                // The key is there but cannot even be opened (no access to its key container).
                throw NotExportable(certificate, description);
            }

            throw new CertificateInputException(IssueIds.InvalidPrivateKey, $"{description}: the key is neither RSA nor ECDSA, which the cluster does not accept.", description);
        }

        /// <param name="curveOid">The curve of an ECDSA key (from its certificate); null for RSA.</param>
        /// <param name="exportPkcs12">The encrypted export, tried when the plain one is refused.</param>
        internal static SecureString Export(AsymmetricAlgorithm key, string? curveOid, Func<SecureString, byte[]> exportPkcs12, X509Certificate2 certificate, string description)
        {
            try
            {
                return key is RSA rsa ? FromRsa(rsa) : FromEcdsa((ECDsa)key, curveOid!);
            }
            catch (CryptographicException)
            {
                return ThroughPkcs12(exportPkcs12, certificate, description);
            }
        }

        private static SecureString ThroughPkcs12(Func<SecureString, byte[]> exportPkcs12, X509Certificate2 certificate, string description)
        {
            using (SecureString password = OneTimePassword())
            {
                byte[] pfx;
                try
                {
                    pfx = exportPkcs12(password);
                }
                catch (CryptographicException)
                {
                    throw NotExportable(certificate, description);
                }

                try
                {
                    using (SourceContent content = new Pkcs12ContentReader().Read(pfx, description, password, CancellationToken.None))
                    {
                        return content.Key?.Copy() ?? throw NotExportable(certificate, description);
                    }
                }
                finally
                {
                    Array.Clear(pfx, 0, pfx.Length);
                }
            }
        }

        // RSAPrivateKey (PKCS#1) ::= SEQUENCE { 0, n, e, d, p, q, d mod (p-1), d mod (q-1), q^-1 mod p }
        private static SecureString FromRsa(RSA rsa)
        {
            RSAParameters p = rsa.ExportParameters(true);
            var writer = new AsnWriter(AsnEncodingRules.DER);
            try
            {
                using (writer.PushSequence())
                {
                    writer.WriteInteger(0);
                    foreach (byte[] value in new[] { p.Modulus!, p.Exponent!, p.D!, p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ! })
                    {
                        writer.WriteIntegerUnsigned(WithoutLeadingZeros(value));
                    }
                }

                return Encode(writer, RsaPrivateKeyLabel);
            }
            finally
            {
                foreach (byte[]? secret in new[] { p.D, p.P, p.Q, p.DP, p.DQ, p.InverseQ })
                {
                    if (secret != null)
                    {
                        Array.Clear(secret, 0, secret.Length);
                    }
                }
            }
        }

        /// <summary>
        /// RSAParameters pads D and the CRT values to a fixed length, so one key in a few hundred has a leading zero
        /// byte, which DER forbids in an INTEGER (AsnWriter throws). A slice, not a copy: the bytes are secret.
        /// </summary>
        private static ReadOnlySpan<byte> WithoutLeadingZeros(byte[] value)
        {
            int start = 0;
            while (start < value.Length - 1 && value[start] == 0)
            {
                start++;
            }

            return value.AsSpan(start);
        }

        // ECPrivateKey (SEC1) ::= SEQUENCE { 1, privateKey OCTET STRING, [0] curve OID, [1] publicKey BIT STRING }
        private static SecureString FromEcdsa(ECDsa ecdsa, string curveOid)
        {
            ECParameters p = ecdsa.ExportParameters(true);
            var writer = new AsnWriter(AsnEncodingRules.DER);
            try
            {
                using (writer.PushSequence())
                {
                    writer.WriteInteger(1);
                    writer.WriteOctetString(p.D);
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                    {
                        writer.WriteObjectIdentifier(curveOid);
                    }

                    byte[] point = new byte[1 + p.Q.X!.Length + p.Q.Y!.Length];
                    point[0] = 0x04; // uncompressed
                    p.Q.X.CopyTo(point, 1);
                    p.Q.Y.CopyTo(point, 1 + p.Q.X.Length);
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, true)))
                    {
                        writer.WriteBitString(point);
                    }
                }

                return Encode(writer, EcPrivateKeyLabel);
            }
            finally
            {
                if (p.D != null)
                {
                    Array.Clear(p.D, 0, p.D.Length);
                }
            }
        }

        private static SecureString Encode(AsnWriter writer, string label)
        {
            byte[] der = new byte[writer.GetEncodedLength()];
            try
            {
                writer.Encode(der);
                return PemText.Key(label, der);
            }
            finally
            {
                Array.Clear(der, 0, der.Length);
                writer.Reset(); // clears the writer's own buffer
            }
        }

        /// <summary>The named curve of an ECDSA certificate: its public key's parameters are the curve's OID.</summary>
        private static string CurveOf(X509Certificate2 certificate) =>
            new AsnReader(certificate.PublicKey.EncodedParameters.RawData, AsnEncodingRules.DER).ReadObjectIdentifier();

        private static SecureString OneTimePassword()
        {
            byte[] random = new byte[24];
            using (RandomNumberGenerator generator = RandomNumberGenerator.Create())
            {
                generator.GetBytes(random);
            }

            char[] text = new char[32];
            Convert.ToBase64CharArray(random, 0, random.Length, text, 0);
            Array.Clear(random, 0, random.Length);
            SecureString password = SecretText.ToSecureString(text);
            Array.Clear(text, 0, text.Length);
            return password;
        }

        private static CertificateInputException NotExportable(X509Certificate2 certificate, string description) => new CertificateInputException(
            IssueIds.PrivateKeyNotExportable,
            $"{description}: the private key of certificate {certificate.Thumbprint} ('{certificate.Subject}') cannot be exported from the certificate store (it was imported as not exportable, or this account may not read it). Import it again from its PFX with the key marked exportable, or give the PFX file with -Path and -Password.",
            certificate.Thumbprint,
            FailureKind.PermissionDenied);
    }
}
