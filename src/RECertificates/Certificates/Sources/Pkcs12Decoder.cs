using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// Opens a PKCS#12 (.pfx, .p12) file in managed code with BouncyCastle: AES-256 with PBKDF2 (OpenSSL 3, Windows
    /// Server 2019 and later), PBE-SHA1-3DES (older Windows, .NET's Export) and PBE-SHA1-RC2-40 (legacy Windows
    /// exports) alike, on every platform, and never through the operating system's key store (which would leave key
    /// files behind on Windows, and fails on keys that only allow encrypted export). The only class that touches
    /// BouncyCastle for PKCS#12, so the library loads only when such a file is read; nothing of its types leaves here.
    /// </summary>
    internal static class Pkcs12Decoder
    {
        public enum Outcome
        {
            Opened,
            WrongPassword,
            Damaged,
        }

        /// <param name="contents">Every certificate (DER, in file order, no duplicates) and every key (PKCS#8 DER).</param>
        public static Outcome TryOpen(byte[] pfx, char[] password, out Pkcs12Contents? contents)
        {
            contents = null;
            Pfx parsed;
            try
            {
                parsed = Pfx.GetInstance(Asn1Object.FromByteArray(pfx));
            }
            catch (Exception)
            {
                return Outcome.Damaged;
            }

            // The library's own load checks the MAC and decrypts everything: a wrong password fails here.
            try
            {
                new Pkcs12StoreBuilder().Build().Load(new MemoryStream(pfx, false), password);
            }
            catch (Exception)
            {
                return Outcome.WrongPassword;
            }

            // Its store keeps only certificates that have a name (friendlyName, or a key's localKeyId), and a Windows or
            // .NET export names few: the bags are walked here for all of them, in the order the file has them.
            var certificates = new List<byte[]>();
            var keys = new List<byte[]>();
            try
            {
                byte[] authenticatedSafe = Asn1OctetString.GetInstance(parsed.AuthSafe.Content).GetOctets();
                foreach (ContentInfo info in AuthenticatedSafe.GetInstance(authenticatedSafe).GetContentInfo())
                {
                    foreach (Asn1Encodable item in Asn1Sequence.GetInstance(Open(info, password)))
                    {
                        Read(SafeBag.GetInstance(item), password, certificates, keys);
                    }
                }
            }
            catch (Exception)
            {
                keys.ForEach(k => Array.Clear(k, 0, k.Length));
                return Outcome.Damaged;
            }

            contents = new Pkcs12Contents(certificates, keys);
            return Outcome.Opened;
        }

        private static byte[] Open(ContentInfo info, char[] password)
        {
            if (info.ContentType.Equals(PkcsObjectIdentifiers.EncryptedData))
            {
                EncryptedData encrypted = EncryptedData.GetInstance(info.Content);
                return Decrypt(encrypted.EncryptionAlgorithm, password, encrypted.Content.GetOctets());
            }

            return Asn1OctetString.GetInstance(info.Content).GetOctets();
        }

        private static void Read(SafeBag bag, char[] password, List<byte[]> certificates, List<byte[]> keys)
        {
            if (bag.BagID.Equals(PkcsObjectIdentifiers.CertBag))
            {
                CertBag certificate = CertBag.GetInstance(bag.BagValue);
                byte[] der = Asn1OctetString.GetInstance(certificate.CertValue).GetOctets();
                if (certificate.CertID.Equals(PkcsObjectIdentifiers.X509Certificate) && !certificates.Any(c => c.SequenceEqual(der)))
                {
                    certificates.Add(der);
                }
            }
            else if (bag.BagID.Equals(PkcsObjectIdentifiers.Pkcs8ShroudedKeyBag))
            {
                EncryptedPrivateKeyInfo encrypted = EncryptedPrivateKeyInfo.GetInstance(bag.BagValue);
                keys.Add(WithEitherEmptyPassword(password, wrongZero => PrivateKeyInfoFactory.CreatePrivateKeyInfo(password, wrongZero, encrypted).GetEncoded()));
            }
            else if (bag.BagID.Equals(PkcsObjectIdentifiers.KeyBag))
            {
                keys.Add(Org.BouncyCastle.Asn1.Pkcs.PrivateKeyInfo.GetInstance(bag.BagValue).GetEncoded());
            }
        }

        private static byte[] Decrypt(AlgorithmIdentifier algorithm, char[] password, byte[] data) =>
            WithEitherEmptyPassword(password, wrongZero =>
            {
                var cipher = (IBufferedCipher)PbeUtilities.CreateEngine(algorithm);
                cipher.Init(false, PbeUtilities.GenerateCipherParameters(algorithm, password, wrongZero));
                return cipher.DoFinal(data);
            });

        /// <summary>An empty password has two encodings in PKCS#12 (no bytes, or a lone terminating zero); tools differ.</summary>
        private static byte[] WithEitherEmptyPassword(char[] password, Func<bool, byte[]> decrypt)
        {
            try
            {
                return decrypt(false);
            }
            catch (Exception) when (password.Length == 0)
            {
                return decrypt(true);
            }
        }
    }
}
