using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using RECertificates.Certificates;

namespace RECertificates.Tests;

/// <summary>
/// What a certificate file is, said right (issue 23, items 7 and 9): chains that repeat or loop, a CA as a leaf, an
/// input bounded in size, and an order found by names and key identifiers before signatures.
/// </summary>
public class ChainShapeTests
{
    private static readonly CertificateValidator Validator = new(() => TestCertificates.Now.UtcDateTime);

    private static string[] ErrorIds(string name, string pem, string? key) =>
        Validator.Validate(new CertificateInput(name, pem, key == null ? null : TestCertificates.Secure(key), "/certs/x.pem", "/certs/x.pem")).ErrorIssues.Select(e => e.Id).ToArray();

    [Fact]
    public void A_chain_that_repeats_a_certificate_is_refused_naming_it()
    {
        var (root, intermediate, leaf) = TestCertificates.Chain();
        var result = Validator.Validate(new CertificateInput("proxy", TestCertificates.Pem(leaf.Certificate, intermediate.Certificate, intermediate.Certificate, root.Certificate), TestCertificates.Secure(leaf.Pkcs8Pem), "/certs/proxy.pem", "/certs/proxy.pem"));

        var issue = Assert.Single(result.ErrorIssues);
        Assert.Equal(IssueIds.ChainRepeatsCertificate, issue.Id);
        Assert.Contains(intermediate.Certificate.Thumbprint, issue.Message);
        Assert.Contains("certificates 2 and 3", issue.Message);
    }

    [Fact]
    public void A_chain_that_loops_is_refused_naming_both_certificates()
    {
        // A issued by B, B issued by A: each link checks out, and the chain never reaches a root.
        using var keyA = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var keyB = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var nameA = new X500DistinguishedName("CN=loop.example.com");
        var nameB = new X500DistinguishedName("CN=Loop CA B");
        X509Certificate2 a = Sign(nameA, keyA, nameB, keyB, ca: false);
        X509Certificate2 b = Sign(nameB, keyB, nameA, keyA, ca: true);

        var result = Validator.Validate(new CertificateInput("proxy", TestCertificates.Pem(a, b), TestCertificates.Secure(keyA.ExportPkcs8PrivateKeyPem()), "/certs/proxy.pem", "/certs/proxy.pem"));

        var issue = Assert.Single(result.ErrorIssues);
        Assert.Equal(IssueIds.ChainLoops, issue.Id);
        Assert.Contains(a.Thumbprint, issue.Message);
        Assert.Contains(b.Thumbprint, issue.Message);
    }

    [Theory]
    [InlineData("proxy", true)]
    [InlineData("api", true)]
    [InlineData("cm", true)]
    [InlineData("metrics_exporter", true)]
    [InlineData("syncer", true)]
    [InlineData("ccs_internode_encryption", true)]
    [InlineData("data_internode_encryption", true)]
    [InlineData("mtls_trusted_ca", false)]
    [InlineData("sso_issuer", false)]
    public void A_CA_certificate_as_the_leaf_of_an_endpoint_is_refused(string name, bool refused)
    {
        var ca = TestCertificates.Ec(options: new() { CommonName = "Issuing CA", IsCa = true });
        string? key = CertificateNames.IsKeyless(name) ? null : ca.Pkcs8Pem;

        string[] ids = ErrorIds(name, ca.CertificatePem, key);

        Assert.Equal(refused, ids.Contains(IssueIds.LeafIsCertificateAuthority));
        if (refused)
        {
            Assert.Single(ids);
        }
    }

    [Fact]
    public void An_input_with_more_certificates_than_the_limit_is_refused_naming_the_limit()
    {
        var one = TestCertificates.Ec();
        string pem = string.Concat(Enumerable.Repeat(one.CertificatePem, CertificateChainReader.MaximumCertificates + 1));

        var error = Assert.Throws<CertificateInputException>(() => CertificateChainReader.Read(pem, "/certs/many.pem"));

        Assert.Equal(IssueIds.ChainTooLong, error.Issue.Id);
        Assert.Contains(CertificateChainReader.MaximumCertificates.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Equal(CertificateChainReader.MaximumCertificates, CertificateChainReader.Read(string.Concat(Enumerable.Repeat(one.CertificatePem, CertificateChainReader.MaximumCertificates)), "x").Length);
    }

    [Fact]
    public void The_order_is_found_among_look_alikes_that_share_every_name()
    {
        // Three CAs named alike, only one of which signed the intermediate; their key identifiers tell them apart.
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootName = new X500DistinguishedName("CN=Same Root");
        X509Certificate2 root = Sign(rootName, rootKey, rootName, rootKey, ca: true);
        X509Certificate2 lookAlike1 = Sign(rootName, ECDsa.Create(ECCurve.NamedCurves.nistP256), null, null, ca: true);
        X509Certificate2 lookAlike2 = Sign(rootName, ECDsa.Create(ECCurve.NamedCurves.nistP256), null, null, ca: true);
        var intermediateName = new X500DistinguishedName("CN=Same Intermediate");
        X509Certificate2 intermediate = Sign(intermediateName, intermediateKey, rootName, rootKey, ca: true, issuer: root);
        X509Certificate2 leaf = Sign(new X500DistinguishedName("CN=leaf.example.com"), leafKey, intermediateName, intermediateKey, ca: false, issuer: intermediate);

        List<X509Certificate2>? ordered = ChainOrder.Find([root, lookAlike1, intermediate, leaf]);
        Assert.Null(ordered); // a stranger in the set: no single chain

        ordered = ChainOrder.Find([root, intermediate, leaf]);
        Assert.Equal([leaf.Thumbprint, intermediate.Thumbprint, root.Thumbprint], ordered!.Select(c => c.Thumbprint));

        List<X509Certificate2> walked = ChainOrder.WithIssuers(leaf, [lookAlike1, lookAlike2, root, intermediate]);
        Assert.Equal([leaf.Thumbprint, intermediate.Thumbprint, root.Thumbprint], walked.Select(c => c.Thumbprint));
    }

    [Fact]
    public void A_PKCS12_file_in_PEM_armor_is_read_as_the_PKCS12_file_it_is()
    {
        var issued = TestCertificates.Ec();
        byte[] pfx = issued.Certificate.Export(X509ContentType.Pkcs12, "armor-pw");
        string armored = "-----BEGIN PKCS12-----\n" + Convert.ToBase64String(pfx, Base64FormattingOptions.InsertLineBreaks) + "\n-----END PKCS12-----\n";

        using var content = RECertificates.Certificates.Sources.ContentReaders.Read(Encoding.ASCII.GetBytes(armored), "/certs/proxy.pem", TestCertificates.Secure("armor-pw"), CancellationToken.None);

        Assert.Contains("-----BEGIN CERTIFICATE-----", content.CertificatePem);
        Assert.NotNull(content.Key);
    }

    [Fact]
    public void PEM_blocks_that_are_neither_certificate_nor_key_are_named()
    {
        string pem = "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";

        var error = Assert.Throws<CertificateInputException>(() => RECertificates.Certificates.Sources.ContentReaders.Read(Encoding.ASCII.GetBytes(pem), "/certs/proxy.pem", null, CancellationToken.None));

        Assert.Equal(IssueIds.NotPem, error.Issue.Id);
        Assert.Contains("'X509 CRL', 'PUBLIC KEY'", error.Message);
    }

    /// <summary>A certificate with subject and authority key identifiers, as CAs write them; self-signed when the issuer key is null.</summary>
    private static X509Certificate2 Sign(X500DistinguishedName subject, ECDsa key, X500DistinguishedName? issuerName, ECDsa? issuerKey, bool ca, X509Certificate2? issuer = null)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var subjectKey = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(subjectKey);
        if (ca)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        }

        DateTimeOffset from = TestCertificates.Now.AddDays(-1), to = TestCertificates.Now.AddDays(300);
        if (issuerKey == null || ReferenceEquals(issuerKey, key))
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKey));
            return request.CreateSelfSigned(from, to);
        }

        byte[] issuerKeyId = new X509SubjectKeyIdentifierExtension(new PublicKey(issuerKey), false).SubjectKeyIdentifierBytes.ToArray();
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(issuerKeyId));
        byte[] serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7F;
        using X509Certificate2 signed = request.Create(issuerName!, X509SignatureGenerator.CreateForECDsa(issuerKey), from, to, serial);
        return X509CertificateLoader.LoadCertificate(signed.RawData);
    }
}
