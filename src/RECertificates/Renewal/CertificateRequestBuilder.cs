using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using RECertificates.Certificates;
using RECertificates.Certificates.Sources;

namespace RECertificates.Renewal
{
    /// <summary>
    /// Makes a new private key and a PKCS#10 certificate request with what a cluster certificate needs: the
    /// subject, the DNS names, key usages digitalSignature and keyEncipherment (digitalSignature alone for ECDSA,
    /// whose keys cannot encipher), and extended key usages serverAuth and clientAuth (Redis Enterprise, "Create
    /// certificates"). netstandard2.0 has no CertificateRequest, so BouncyCastle builds it; only renewal code
    /// reaches this class, so importing the module never loads BouncyCastle.
    /// </summary>
    internal static class CertificateRequestBuilder
    {
        private const string Ecdsa = PublicKeyIdentity.EcdsaAlgorithm;
        private static readonly int[] RsaSizes = { 2048, 3072, 4096 };

        /// <summary>The smallest size each algorithm allows.</summary>
        public static int DefaultKeySize(string algorithm) => Sizes(algorithm)[0];

        /// <summary>The key sizes each algorithm allows, for the error that refuses another: "2048, 3072 or 4096".</summary>
        public static string AllowedSizes(string algorithm)
        {
            IReadOnlyList<int> sizes = Sizes(algorithm);
            return string.Join(", ", sizes.Take(sizes.Count - 1)) + " or " + sizes[sizes.Count - 1];
        }

        public static bool IsAllowedSize(string algorithm, int keySize) => Sizes(algorithm).Contains(keySize);

        /// <summary>"RSA 2048", "ECDSA P-256": the words RECertificate.KeyAlgorithm uses.</summary>
        public static string Describe(string algorithm, int keySize) =>
            PublicKeyIdentity.Describe(algorithm, keySize, EllipticCurves.NameOfKeySize(keySize));

        /// <summary>Makes the key and the request; the key's PEM bytes are the caller's to clear.</summary>
        /// <param name="password">Encrypts the key (PKCS#8) when given.</param>
        public static GeneratedRequest Create(string subjectName, IReadOnlyList<string> dnsNames, string algorithm, int keySize, char[]? password)
        {
            var random = new SecureRandom();
            AsymmetricCipherKeyPair pair = GenerateKeyPair(algorithm, keySize, random);

            var extensions = new X509ExtensionsGenerator();
            int usages = algorithm == Ecdsa ? KeyUsage.DigitalSignature : KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment;
            extensions.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(usages));
            extensions.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth));
            extensions.AddExtension(X509Extensions.SubjectAlternativeName, false,
                new GeneralNames(dnsNames.Select(n => new GeneralName(GeneralName.DnsName, n)).ToArray()));
            var requested = new AttributePkcs(PkcsObjectIdentifiers.Pkcs9AtExtensionRequest, new DerSet(extensions.Generate()));

            var signer = new Asn1SignatureFactory(algorithm == Ecdsa ? SignatureFor(keySize) : "SHA256WITHRSA", pair.Private, random);
            var request = new Pkcs10CertificationRequest(signer, new X509Name("CN=" + subjectName), pair.Public, new DerSet(requested));

            byte[] pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(pair.Private).GetEncoded();
            try
            {
                return new GeneratedRequest(PemText.Public(PemBlock.CertificateRequestLabel, request.GetEncoded()), PrivateKeyPem.FromPkcs8(pkcs8, password), Describe(algorithm, keySize));
            }
            finally
            {
                Array.Clear(pkcs8, 0, pkcs8.Length);
            }
        }

        // The hash grows with the curve, as RFC 5480 recommends.
        private static string SignatureFor(int keySize) => keySize == 256 ? "SHA256WITHECDSA" : keySize == 384 ? "SHA384WITHECDSA" : "SHA512WITHECDSA";

        private static AsymmetricCipherKeyPair GenerateKeyPair(string algorithm, int keySize, SecureRandom random)
        {
            if (algorithm == Ecdsa)
            {
                var ec = new ECKeyPairGenerator("EC");
                ec.Init(new ECKeyGenerationParameters(ECNamedCurveTableOid(EllipticCurves.NameOfKeySize(keySize)!), random));
                return ec.GenerateKeyPair();
            }

            // The platform's RSA finds primes many times faster than managed code (seconds for 3072 bits otherwise).
            using (RSA rsa = RSA.Create())
            {
                rsa.KeySize = keySize;
                return DotNetUtilities.GetRsaKeyPair(rsa);
            }
        }

        private static IReadOnlyList<int> Sizes(string algorithm) => algorithm == Ecdsa ? EllipticCurves.KeySizes : RsaSizes;

        private static DerObjectIdentifier ECNamedCurveTableOid(string curve) => Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetOid(curve);
    }

    /// <summary>A new request and its key: the CSR as PEM text, the key as PEM bytes the caller clears.</summary>
    internal sealed class GeneratedRequest
    {
        public GeneratedRequest(string csrPem, byte[] keyPem, string keyAlgorithm)
        {
            CsrPem = csrPem;
            KeyPem = keyPem;
            KeyAlgorithm = keyAlgorithm;
        }

        public string CsrPem { get; }

        public byte[] KeyPem { get; }

        public string KeyAlgorithm { get; }
    }
}
