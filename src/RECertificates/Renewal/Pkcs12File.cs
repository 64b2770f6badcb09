using System;
using System.Collections.Generic;
using System.IO;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using RECertificates.Certificates;

namespace RECertificates.Renewal
{
    /// <summary>
    /// Writes a chain and its key as one PKCS#12 (.pfx) file for Windows tools (Import-PfxCertificate, IIS,
    /// certlm.msc): key and certificates encrypted with AES-256-CBC, keys derived with PBKDF2 and HMAC-SHA256, which
    /// Windows Server 2019 and later, OpenSSL 3, .NET and Set-RECertificate -Password read. BouncyCastle does the
    /// encoding, so the library loads only when a .pfx is written; nothing of its types leaves this class.
    /// </summary>
    internal static class Pkcs12File
    {
        /// <summary>The file's bytes (the caller clears them once written).</summary>
        /// <param name="chainPem">The chain, leaf first, as the cluster holds it.</param>
        /// <param name="keyPem">The leaf's private key as PEM (PKCS#1, PKCS#8 or SEC1).</param>
        /// <param name="source">What to call the certificate in messages.</param>
        /// <exception cref="CertificateInputException">The chain holds no certificate, or the key is not readable.</exception>
        public static byte[] Encode(string chainPem, ReadOnlySpan<char> keyPem, char[] password, string name, string source)
        {
            var parser = new X509CertificateParser();
            var chain = new List<X509CertificateEntry>();
            foreach (PemBlock block in PemReader.Read(chainPem.AsSpan(), source))
            {
                if (block.IsCertificate)
                {
                    chain.Add(new X509CertificateEntry(parser.ReadCertificate(block.Data)));
                }
            }

            if (chain.Count == 0)
            {
                throw new CertificateInputException(IssueIds.InvalidCertificate, $"{source} holds no certificate to export.", source);
            }

            byte[] pkcs8 = PrivateKeyPem.ToPkcs8(keyPem, source);
            try
            {
                AsymmetricKeyParameter key = PrivateKeyFactory.CreateKey(pkcs8);
                Pkcs12Store store = new Pkcs12StoreBuilder()
                    .SetKeyAlgorithm(NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256)
                    .SetCertAlgorithm(NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256)
                    .SetUseDerEncoding(true)
                    .Build();

                // The key's entry carries the whole chain, so Windows imports the issuers with it.
                store.SetKeyEntry(name, new AsymmetricKeyEntry(key), chain.ToArray());
                using (var output = new MemoryStream())
                {
                    store.Save(output, password, new SecureRandom());
                    return output.ToArray();
                }
            }
            finally
            {
                Array.Clear(pkcs8, 0, pkcs8.Length);
            }
        }
    }
}
