using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using RECertificates.Certificates;
using RECertificates.Certificates.Sources;

namespace RECertificates.Tests;

/// <summary>
/// The readers behind the one seam: each format becomes "certificate text + key", checked with the validator that
/// every cmdlet uses (a key that does not match its certificate is an error there). Files made the way Windows and
/// .NET write them; the OpenSSL-made ones (legacy PFX, legacy encrypted keys) are in tests/Sources.Tests.ps1.
/// </summary>
public class CertificateSourcesTests
{
    private const string Password = "correct horse";
    private static readonly (TestCertificates.Issued Root, TestCertificates.Issued Intermediate, TestCertificates.Issued Leaf) Chain = TestCertificates.Chain();

    /// <summary>The leaf as a certificate object that holds its key (as one from the store or a PFX does).</summary>
    private static readonly X509Certificate2 LeafWithKey = Chain.Leaf.Certificate.CopyWithPrivateKey((RSA)Chain.Leaf.Key);

    private static SourceContent Read(byte[] content, string? password = null, string source = "/certs/proxy.pfx") =>
        ContentReaders.Read(content, source, password == null ? null : TestCertificates.Secure(password), CancellationToken.None);

    private static CertificateInputException Refused(byte[] content, string? password = null) =>
        Assert.Throws<CertificateInputException>(() => Read(content, password));

    private static string[] Subjects(string pem) => CertificateChainReader.Read(pem, "test").Select(c => c.Subject).ToArray();

    /// <summary>Valid for 'proxy' by the module's own validator: chain in order, and the key belongs to the leaf.</summary>
    private static void AssertValidPair(SourceContent content)
    {
        var input = new CertificateInput("proxy", content.CertificatePem, content.Key?.Copy(), content.Origin);
        CertificateTestResult result = new CertificateValidator().Validate(input);
        Assert.Empty(result.ErrorIssues);
    }

    private static byte[] Pfx(string? password, params X509Certificate2[] certificates) =>
        new X509Certificate2Collection(certificates).Export(X509ContentType.Pkcs12, password)!;

    [Fact]
    public void A_der_certificate_becomes_its_pem()
    {
        using SourceContent content = Read(Chain.Leaf.Certificate.RawData, source: "/certs/proxy.cer");
        Assert.Equal(Chain.Leaf.CertificatePem.Trim(), content.CertificatePem.Trim());
        Assert.Null(content.Key);
    }

    [Fact]
    public void Der_that_is_not_a_certificate_is_refused_without_echoing_it()
    {
        byte[] keyDer = Chain.Leaf.Key.ExportPkcs8PrivateKey();
        var e = Refused(keyDer);
        Assert.Equal(IssueIds.InvalidCertificate, e.Issue.Id);
        Assert.Contains("/certs/proxy.pfx", e.Message);
        Assert.DoesNotContain(Convert.ToBase64String(keyDer).Substring(0, 40), e.Message);
    }

    [Fact]
    public void Random_bytes_are_no_format_at_all()
    {
        byte[] junk = new byte[300];
        new Random(7).NextBytes(junk);
        junk[0] = 0x17;
        Assert.Equal(IssueIds.NotPem, Refused(junk).Issue.Id);
    }

    [Fact]
    public void A_pfx_opens_with_its_password_and_gives_the_leaf_first_then_its_issuers()
    {
        // Listed out of order in the file, as some exports do; only the leaf's key is in it.
        using var root = X509CertificateLoader.LoadCertificate(Chain.Root.Certificate.RawData);
        using var intermediate = X509CertificateLoader.LoadCertificate(Chain.Intermediate.Certificate.RawData);
        byte[] pfx = Pfx(Password, root, LeafWithKey, intermediate);

        using SourceContent content = Read(pfx, Password);

        Assert.Equal([Chain.Leaf.Certificate.Subject, Chain.Intermediate.Certificate.Subject, Chain.Root.Certificate.Subject], Subjects(content.CertificatePem));
        AssertValidPair(content);
    }

    [Fact]
    public void A_pfx_without_a_password_opens_with_the_empty_one_and_a_given_password_is_then_ignored()
    {
        byte[] pfx = Pfx(null, LeafWithKey);

        using SourceContent withNone = Read(pfx);
        using SourceContent withOne = Read(pfx, "not needed");

        AssertValidPair(withNone);
        AssertValidPair(withOne);
    }

    [Fact]
    public void A_protected_pfx_asks_for_its_password_and_says_when_it_is_wrong_without_repeating_it()
    {
        byte[] pfx = Pfx(Password, LeafWithKey);

        var missing = Refused(pfx);
        var wrong = Refused(pfx, "Tr0ub4dor&3");

        Assert.Equal(IssueIds.PasswordRequired, missing.Issue.Id);
        Assert.Contains("-Password", missing.Message);
        Assert.Equal(IssueIds.WrongPassword, wrong.Issue.Id);
        Assert.DoesNotContain("Tr0ub4dor", wrong.Message);
        Assert.Equal("/certs/proxy.pfx", wrong.Issue.Target);
    }

    [Fact]
    public void A_pfx_with_two_keys_is_refused_before_any_key_is_decrypted()
    {
        // The keys are counted from the file's structure (issue 23): their certificates sit in the encrypted part,
        // which is not opened for a file that is refused anyway.
        var other = TestCertificates.Rsa();
        var e = Refused(Pfx(Password, LeafWithKey, other.Certificate), Password);

        Assert.Equal(IssueIds.AmbiguousPkcs12, e.Issue.Id);
        Assert.Contains("holds 2 private keys", e.Message);
        Assert.Contains("No key was decrypted", e.Message);
    }

    [Fact]
    public void A_pfx_cut_short_is_reported_as_damaged()
    {
        byte[] pfx = Pfx(Password, LeafWithKey);
        Assert.Equal(IssueIds.InvalidPkcs12, Refused(pfx.Take(pfx.Length / 2).ToArray(), Password).Issue.Id);
    }

    [Fact]
    public void A_pfx_of_unrelated_ca_certificates_is_a_bundle_sent_as_given()
    {
        var other = TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = "Other CA", IsCa = true, ExtendedKeyUsage = false, DnsNames = [] });
        using var rootOnly = X509CertificateLoader.LoadCertificate(Chain.Root.Certificate.RawData);
        using var otherOnly = X509CertificateLoader.LoadCertificate(other.Certificate.RawData);

        using SourceContent content = Read(Pfx(null, rootOnly, otherOnly));

        Assert.Null(content.Key);
        Assert.Equal([otherOnly.Subject, rootOnly.Subject], Subjects(content.CertificatePem).Order());
    }

    [Fact]
    public void An_encrypted_pkcs8_key_is_decrypted_in_memory_with_the_password()
    {
        string pem = Chain.Leaf.CertificatePem + Chain.Leaf.Key.ExportEncryptedPkcs8PrivateKeyPem(Password.AsSpan(), new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 2000));

        using SourceContent content = Read(Encoding.UTF8.GetBytes(pem), Password, "/certs/proxy.pem");

        AssertValidPair(content);
        Assert.Equal(PemBlock.Pkcs8PrivateKeyLabel, SecretLabel(content.Key!));
    }

    [Fact]
    public void An_encrypted_key_without_or_with_a_wrong_password_is_refused()
    {
        byte[] pem = Encoding.UTF8.GetBytes(Chain.Leaf.CertificatePem + Chain.Leaf.EncryptedPem);

        Assert.Equal(IssueIds.PasswordRequired, Refused(pem).Issue.Id);
        Assert.Equal(IssueIds.WrongPassword, Refused(pem, "not the secret").Issue.Id);
    }

    [Fact]
    public void A_legacy_encrypted_key_with_an_unknown_cipher_says_so()
    {
        string pem = Chain.Leaf.CertificatePem + "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: CAMELLIA-256-CBC,00112233445566778899AABBCCDDEEFF\n\nMIIB\n-----END RSA PRIVATE KEY-----\n";
        var e = Refused(Encoding.UTF8.GetBytes(pem), Password);
        Assert.Equal(IssueIds.EncryptedPrivateKey, e.Issue.Id);
        Assert.Contains("CAMELLIA-256-CBC", e.Message);
    }

    [Fact]
    public void Text_before_the_blocks_such_as_bag_attributes_is_ignored()
    {
        string pem = "Bag Attributes\n    localKeyID: 01 00 00 00\n    friendlyName: proxy\nsubject=CN = proxy\n" + Chain.Leaf.CertificatePem
            + "Bag Attributes\n    localKeyID: 01 00 00 00\nKey Attributes: <No Attributes>\n" + Chain.Leaf.Pkcs8Pem;

        using SourceContent content = Read(Encoding.UTF8.GetBytes(pem), source: "/certs/proxy.pem");

        AssertValidPair(content);
    }

    [Fact]
    public void A_store_key_that_refuses_plain_export_goes_through_an_encrypted_export()
    {
        using var key = new PlainExportRefused(((RSA)Chain.Leaf.Key).ExportParameters(true));
        X509Certificate2 certificate = LeafWithKey;

        using SecureString exported = StoreKeyExport.Export(key, null, password => certificate.Export(X509ContentType.Pkcs12, password)!, certificate, "certificate in the store");

        AssertValidPair(new SourceContent(Chain.Leaf.CertificatePem, exported.Copy(), "store"));
    }

    [Fact]
    public void A_store_key_that_refuses_every_export_is_reported_with_thumbprint_subject_and_what_to_do()
    {
        using var key = new PlainExportRefused(((RSA)Chain.Leaf.Key).ExportParameters(true));
        X509Certificate2 certificate = Chain.Leaf.Certificate;

        var e = Assert.Throws<CertificateInputException>(() => StoreKeyExport.Export(key, null, _ => throw new CryptographicException("not exportable"), certificate, "certificate in the store"));

        Assert.Equal(IssueIds.PrivateKeyNotExportable, e.Issue.Id);
        Assert.Contains(certificate.Thumbprint, e.Message);
        Assert.Contains(certificate.Subject, e.Message);
        Assert.Contains("exportable", e.Message);
    }

    [Theory]
    [InlineData("RSA")]
    [InlineData("ECDSA")]
    public void A_certificate_object_with_its_key_gives_chain_and_key(string algorithm)
    {
        X509Certificate2 certificate = algorithm == "RSA" ? LeafWithKey : TestCertificates.Ec().Certificate;

        using SourceContent content = X509CertificateSource.Read(certificate, withKey: true);

        Assert.Equal(certificate.Subject, Subjects(content.CertificatePem)[0]);
        AssertValidPair(content);
    }

    [Fact]
    public void An_rsa_key_whose_parameters_start_with_a_zero_byte_is_exported()
    {
        // RSAParameters pads D and the CRT values; DER integers must not start with a redundant zero byte. Small keys
        // are quick to make, so look for one that has such a padded value (about one key in eighty does).
        using RSA rsa = Enumerable.Range(0, 2000).Select(_ => RSA.Create(1024)).First(candidate =>
        {
            RSAParameters p = candidate.ExportParameters(true);
            // A zero before a byte under 0x80 is redundant (before 0x80 and up it would be the sign byte DER wants).
            bool padded = new[] { p.D!, p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ! }.Any(value => value[0] == 0 && value[1] < 0x80);
            if (!padded)
            {
                candidate.Dispose();
            }

            return padded;
        });
        var request = new CertificateRequest("CN=padded.example.com", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using SourceContent content = X509CertificateSource.Read(certificate, withKey: true);

        AssertValidPair(content);
    }

    [Fact]
    public void A_certificate_object_without_its_key_is_refused_where_a_key_is_needed()
    {
        using var publicOnly = X509CertificateLoader.LoadCertificate(Chain.Leaf.Certificate.RawData);

        var e = Assert.Throws<CertificateInputException>(() => X509CertificateSource.Read(publicOnly, withKey: true));

        Assert.Equal(IssueIds.PrivateKeyMissing, e.Issue.Id);
        Assert.Equal(publicOnly.Thumbprint, e.Issue.Target);
        using SourceContent caOnly = X509CertificateSource.Read(publicOnly, withKey: false);
        Assert.Null(caOnly.Key);
    }

    private static string SecretLabel(SecureString key)
    {
        string? label = null;
        SecretText.WithChars(key, chars => label = PemReader.Read(chars, "key")[0].Label);
        return label!;
    }

    /// <summary>An RSA key like a CNG key that allows only encrypted export: the plain export of its private part fails.</summary>
    private sealed class PlainExportRefused : RSA
    {
        private readonly RSA _inner = RSA.Create();

        public PlainExportRefused(RSAParameters parameters) => _inner.ImportParameters(parameters);

        public override RSAParameters ExportParameters(bool includePrivateParameters) =>
            includePrivateParameters ? throw new CryptographicException("The requested operation is not supported.") : _inner.ExportParameters(false);

        public override void ImportParameters(RSAParameters parameters) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
