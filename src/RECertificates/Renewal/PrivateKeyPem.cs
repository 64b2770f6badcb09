using System;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using RECertificates.Certificates;
using RECertificates.Certificates.Sources;

namespace RECertificates.Renewal
{
    using Pkcs8Info = Org.BouncyCastle.Asn1.Pkcs.PrivateKeyInfo;

    /// <summary>
    /// Writes private keys as PEM bytes for files: unencrypted PKCS#8 (<c>PRIVATE KEY</c>), or, with a password,
    /// encrypted PKCS#8 (<c>ENCRYPTED PRIVATE KEY</c>: PBES2, AES-256-CBC, PBKDF2 with HMAC-SHA256), which
    /// OpenSSL, .NET and Set-RECertificate -Password read. Uses BouncyCastle, so only renewal code reaches it.
    /// Every byte array that held key material is cleared; the caller clears the returned PEM bytes.
    /// </summary>
    internal static class PrivateKeyPem
    {
        private const int Iterations = 100_000;

        /// <summary>PEM bytes of a key given as PKCS#8 DER; encrypted when <paramref name="password"/> is given.</summary>
        public static byte[] FromPkcs8(byte[] pkcs8, char[]? password)
        {
            if (password == null)
            {
                return Encode(PemBlock.Pkcs8PrivateKeyLabel, pkcs8);
            }

            byte[] salt = new byte[16];
            new SecureRandom().NextBytes(salt);
            Pkcs8Info info = Pkcs8Info.GetInstance(pkcs8);
            EncryptedPrivateKeyInfo encrypted = EncryptedPrivateKeyInfoFactory.CreateEncryptedPrivateKeyInfo(
                NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256, password, salt, Iterations, new SecureRandom(), info);
            return Encode(PemBlock.EncryptedPrivateKeyLabel, encrypted.GetEncoded());
        }

        /// <summary>
        /// PEM bytes of a key read from a cluster or a file (PKCS#1, PKCS#8 or SEC1), re-encoded as PKCS#8 so it
        /// can be encrypted; without a password, the PEM exactly as it was.
        /// </summary>
        /// <exception cref="CertificateInputException">The text holds no readable unencrypted private key.</exception>
        public static byte[] FromPem(ReadOnlySpan<char> keyPem, char[]? password, string source)
        {
            if (password == null)
            {
                return ToAscii(keyPem);
            }

            byte[] pkcs8 = ToPkcs8(keyPem, source);
            try
            {
                return FromPkcs8(pkcs8, password);
            }
            finally
            {
                Array.Clear(pkcs8, 0, pkcs8.Length);
            }
        }

        /// <summary>The first unencrypted private key of PEM text as PKCS#8 DER (the caller clears it).</summary>
        /// <exception cref="CertificateInputException">The text holds no readable unencrypted private key.</exception>
        public static byte[] ToPkcs8(ReadOnlySpan<char> keyPem, string source)
        {
            PemBlock? key = null;
            foreach (PemBlock block in PemReader.Read(keyPem, source))
            {
                if (block.IsPrivateKey && key == null)
                {
                    key = block;
                }
                else if (block.IsPrivateKey)
                {
                    block.Clear();
                }
            }

            if (key == null)
            {
                throw new CertificateInputException(IssueIds.InvalidPrivateKey, $"{source} holds no unencrypted private key to export.", source);
            }

            try
            {
                return ToPkcs8(key);
            }
            finally
            {
                key.Clear();
            }
        }

        private static byte[] ToPkcs8(PemBlock key)
        {
            switch (key.Label)
            {
                case PemBlock.RsaPrivateKeyLabel:
                    return new Pkcs8Info(new AlgorithmIdentifier(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance), Asn1Object.FromByteArray(key.Data)).GetEncoded();
                case PemBlock.EcPrivateKeyLabel:
                    ECPrivateKeyStructure ec = ECPrivateKeyStructure.GetInstance(key.Data);
                    return new Pkcs8Info(new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, ec.Parameters), ec).GetEncoded();
                default:
                    return (byte[])key.Data.Clone();
            }
        }

        /// <summary>PEM of DER bytes, built in arrays that are cleared (a key's base64 never becomes a string).</summary>
        private static byte[] Encode(string label, byte[] der)
        {
            char[] pem = PemText.ToChars(label, der);
            try
            {
                return Encoding.ASCII.GetBytes(pem);
            }
            finally
            {
                Array.Clear(pem, 0, pem.Length);
            }
        }

        private static byte[] ToAscii(ReadOnlySpan<char> text)
        {
            char[] chars = text.ToArray();
            try
            {
                return Encoding.ASCII.GetBytes(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }
    }
}
