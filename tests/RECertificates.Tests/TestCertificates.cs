using System.Formats.Asn1;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Cluster;

namespace RECertificates.Tests;

/// <summary>
/// Makes every certificate the tests need at run time with .NET 10's CertificateRequest, so no key material is
/// checked in and each test states the property it depends on (key type, dates, EKU, issuer).
/// </summary>
internal static class TestCertificates
{
    public static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>A certificate and the key it was issued for.</summary>
    internal sealed record Issued(X509Certificate2 Certificate, AsymmetricAlgorithm Key)
    {
        public string CertificatePem => Certificate.ExportCertificatePem();

        public string Pkcs8Pem => Key.ExportPkcs8PrivateKeyPem();

        public string Pkcs1Pem => ((RSA)Key).ExportRSAPrivateKeyPem();

        public string Sec1Pem => ((ECDsa)Key).ExportECPrivateKeyPem();

        public string EncryptedPem => Key.ExportEncryptedPkcs8PrivateKeyPem("secret".AsSpan(), new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000));

        /// <summary>The certificate followed by its PKCS#8 key, as in a combined .pem file.</summary>
        public string CombinedPem => CertificatePem + "\n" + Pkcs8Pem;

        public SecureString KeySecure => Secure(Pkcs8Pem);
    }

    public sealed class Options
    {
        public string CommonName { get; init; } = "proxy.example.com";
        public string[] DnsNames { get; init; } = ["proxy.example.com", "*.proxy.example.com"];
        public DateTimeOffset NotBefore { get; init; } = Now.AddDays(-1);
        public DateTimeOffset NotAfter { get; init; } = Now.AddDays(365);
        public bool ExtendedKeyUsage { get; init; } = true;
        public string[] Usages { get; init; } = ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"];
        public HashAlgorithmName Hash { get; init; } = HashAlgorithmName.SHA256;
        public bool IsCa { get; init; }
        public Issued? Issuer { get; init; }
    }

    public static Issued Rsa(int bits = 2048, Options? options = null) => Issue(RSA.Create(bits), options ?? new Options());

    public static Issued Ec(string curve = "P-256", Options? options = null) =>
        Issue(ECDsa.Create(curve switch
        {
            "P-384" => ECCurve.NamedCurves.nistP384,
            "P-521" => ECCurve.NamedCurves.nistP521,
            _ => ECCurve.NamedCurves.nistP256,
        }), options ?? new Options());

    /// <summary>Root CA -> intermediate CA -> leaf, all RSA 2048.</summary>
    public static (Issued Root, Issued Intermediate, Issued Leaf) Chain(Options? leafOptions = null)
    {
        Issued root = Rsa(options: new Options { CommonName = "Test Root CA", IsCa = true, ExtendedKeyUsage = false, DnsNames = [] });
        Issued intermediate = Rsa(options: new Options { CommonName = "Test Intermediate CA", IsCa = true, ExtendedKeyUsage = false, DnsNames = [], Issuer = root });
        Issued leaf = Rsa(options: Copy(leafOptions ?? new Options(), intermediate));
        return (root, intermediate, leaf);
    }

    public static string Pem(params X509Certificate2[] certificates) =>
        string.Join("\n", certificates.Select(c => c.ExportCertificatePem())) + "\n";

    /// <summary>The object Get-RECertificate makes of a certificate as a cluster holds it (the key, if kept, secure).</summary>
    public static RECertificate View(string name, string certificatePem, string? keyPem = null, bool includeKey = false, string? clusterName = null, DateTime? utcNow = null) =>
        RECertificate.FromClusterEntry(new ClusterCertificateEntry(name, certificatePem, keyPem != null, includeKey && keyPem != null ? Secure(keyPem) : null), clusterName, null, utcNow);

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text)
        {
            secure.AppendChar(c);
        }

        return secure;
    }

    /// <summary>A SEC1 EC key without its optional public point, as some tools write it.</summary>
    public static string Sec1PemWithoutPublicKey(ECDsa key)
    {
        ECParameters parameters = key.ExportParameters(true);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            writer.WriteOctetString(parameters.D);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
            {
                writer.WriteObjectIdentifier(parameters.Curve.Oid.Value!);
            }
        }

        return PemEncoding.WriteString("EC PRIVATE KEY", writer.Encode());
    }

    private static Options Copy(Options o, Issued issuer) => new()
    {
        CommonName = o.CommonName,
        DnsNames = o.DnsNames,
        NotBefore = o.NotBefore,
        NotAfter = o.NotAfter,
        ExtendedKeyUsage = o.ExtendedKeyUsage,
        Usages = o.Usages,
        Hash = o.Hash,
        IsCa = o.IsCa,
        Issuer = issuer,
    };

    private static Issued Issue(AsymmetricAlgorithm key, Options o)
    {
        var subject = new X500DistinguishedName("CN=" + o.CommonName);
        bool sha1 = o.Hash == HashAlgorithmName.SHA1;
        CertificateRequest request = key is RSA rsa
            ? new CertificateRequest(subject, rsa, sha1 ? HashAlgorithmName.SHA256 : o.Hash, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, o.Hash);

        if (o.IsCa)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        }

        if (o.ExtendedKeyUsage)
        {
            var usages = new OidCollection();
            foreach (string usage in o.Usages)
            {
                usages.Add(new Oid(usage));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        }

        if (o.DnsNames.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (string dns in o.DnsNames)
            {
                san.AddDnsName(dns);
            }

            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }

        if (sha1)
        {
            // .NET 10 no longer signs with SHA-1 itself; the tests still need such a certificate to warn about.
            return new Issued(request.Create(subject, new Sha1RsaSignatureGenerator((RSA)key), o.NotBefore, o.NotAfter, [1, 2, 3]), key);
        }

        if (o.Issuer == null)
        {
            return new Issued(request.CreateSelfSigned(o.NotBefore, o.NotAfter), key);
        }

        X509SignatureGenerator generator = o.Issuer.Key is RSA issuerRsa
            ? X509SignatureGenerator.CreateForRSA(issuerRsa, RSASignaturePadding.Pkcs1)
            : X509SignatureGenerator.CreateForECDsa((ECDsa)o.Issuer.Key);
        byte[] serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7F;
        X509Certificate2 issued = request.Create(o.Issuer.Certificate.SubjectName, generator, o.NotBefore, o.NotAfter, serial);
        return new Issued(issued, key);
    }

    /// <summary>Signs sha1WithRSAEncryption, which the built-in generators refuse.</summary>
    private sealed class Sha1RsaSignatureGenerator(RSA rsa) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.2.840.113549.1.1.5");
                writer.WriteNull();
            }

            return writer.Encode();
        }

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) =>
            rsa.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

        protected override PublicKey BuildPublicKey() =>
            X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1).PublicKey;
    }
}
