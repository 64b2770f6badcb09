using System.Security.Cryptography;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Tests;

public class CertificateValidatorTests
{
    private static readonly CertificateValidator Validator = new(() => TestCertificates.Now.UtcDateTime);

    private static CertificateTestResult Validate(string name, string pem, string? key, string? path = "/certs/x.pem") =>
        Validator.Validate(new CertificateInput(name, pem, key == null ? null : TestCertificates.Secure(key), path ?? $"certificate '{name}'", path));

    private static string[] ErrorIds(CertificateTestResult r) => r.ErrorIssues.Select(e => e.Id).ToArray();

    private static string[] WarningIds(CertificateTestResult r) => r.WarningIssues.Select(e => e.Id).ToArray();

    [Fact]
    public void A_good_pair_is_valid_without_warnings()
    {
        var issued = TestCertificates.Rsa();
        var result = Validate("proxy", issued.CertificatePem, issued.Pkcs8Pem);

        Assert.True(result.IsValid, string.Join("; ", result.ErrorIssues));
        Assert.Empty(result.WarningIssues);
        Assert.Equal(issued.Certificate.Thumbprint, result.Certificate!.Thumbprint);
    }

    [Theory]
    [InlineData("pkcs1")]
    [InlineData("sec1")]
    public void Accepts_the_other_key_formats(string format)
    {
        var issued = format == "pkcs1" ? TestCertificates.Rsa() : TestCertificates.Ec();
        var result = Validate("api", issued.CertificatePem, format == "pkcs1" ? issued.Pkcs1Pem : issued.Sec1Pem);
        Assert.True(result.IsValid, string.Join("; ", result.ErrorIssues));
    }

    [Fact]
    public void A_chain_in_order_is_valid()
    {
        var (root, intermediate, leaf) = TestCertificates.Chain();
        var result = Validate("proxy", TestCertificates.Pem(leaf.Certificate, intermediate.Certificate, root.Certificate), leaf.Pkcs8Pem);
        Assert.True(result.IsValid, string.Join("; ", result.ErrorIssues));
        Assert.Equal(3, result.Certificate!.ChainLength);
    }

    [Fact]
    public void A_chain_out_of_order_says_the_right_order()
    {
        var (root, intermediate, leaf) = TestCertificates.Chain();
        var result = Validate("proxy", TestCertificates.Pem(intermediate.Certificate, leaf.Certificate, root.Certificate), leaf.Pkcs8Pem);

        Assert.Contains(IssueIds.ChainOutOfOrder, ErrorIds(result));
        Assert.Contains("'CN=proxy.example.com' -> 'CN=Test Intermediate CA' -> 'CN=Test Root CA'", result.ErrorIssues[0].Message);
    }

    [Fact]
    public void An_unrelated_certificate_breaks_the_chain()
    {
        var (_, intermediate, leaf) = TestCertificates.Chain();
        var stranger = TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = "Stranger CA", IsCa = true });
        var result = Validate("proxy", TestCertificates.Pem(leaf.Certificate, stranger.Certificate), leaf.Pkcs8Pem);

        Assert.Equal([IssueIds.ChainBroken], ErrorIds(result));
        Assert.Contains("Stranger CA", result.ErrorIssues[0].Message);
        Assert.NotNull(intermediate);
    }

    [Fact]
    public void A_look_alike_issuer_with_the_same_name_but_another_key_breaks_the_chain()
    {
        var (_, intermediate, leaf) = TestCertificates.Chain();
        var impostor = TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = "Test Intermediate CA", IsCa = true });
        Assert.Equal(intermediate.Certificate.Subject, impostor.Certificate.Subject);

        var result = Validate("proxy", TestCertificates.Pem(leaf.Certificate, impostor.Certificate), leaf.Pkcs8Pem);

        Assert.Equal([IssueIds.ChainBroken], ErrorIds(result));
        Assert.Contains("did not sign", result.ErrorIssues[0].Message);
    }

    [Fact]
    public void An_ecdsa_signed_chain_is_checked_by_signature()
    {
        var ca = TestCertificates.Ec("P-384", new TestCertificates.Options { CommonName = "EC CA", IsCa = true });
        var leaf = TestCertificates.Ec("P-256", new TestCertificates.Options { Issuer = ca });
        var other = TestCertificates.Ec("P-384", new TestCertificates.Options { CommonName = "EC CA", IsCa = true });

        Assert.True(Validate("proxy", TestCertificates.Pem(leaf.Certificate, ca.Certificate), leaf.Pkcs8Pem).IsValid);
        Assert.Equal([IssueIds.ChainBroken], ErrorIds(Validate("proxy", TestCertificates.Pem(leaf.Certificate, other.Certificate), leaf.Pkcs8Pem)));
    }

    [Fact]
    public void A_key_of_another_certificate_is_a_mismatch()
    {
        var result = Validate("proxy", TestCertificates.Rsa().CertificatePem, TestCertificates.Rsa().Pkcs8Pem);
        Assert.Equal([IssueIds.KeyMismatch], ErrorIds(result));
        Assert.Contains("different keys", result.ErrorIssues[0].Message);
    }

    [Fact]
    public void A_key_of_another_algorithm_is_a_mismatch()
    {
        var result = Validate("proxy", TestCertificates.Rsa().CertificatePem, TestCertificates.Ec().Pkcs8Pem);
        Assert.Equal([IssueIds.KeyMismatch], ErrorIds(result));
        Assert.Contains("RSA 2048", result.ErrorIssues[0].Message);
        Assert.Contains("ECDSA P-256", result.ErrorIssues[0].Message);
    }

    [Fact]
    public void An_expired_certificate_is_refused_with_its_date_and_file()
    {
        var issued = TestCertificates.Rsa(options: new TestCertificates.Options { NotBefore = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), NotAfter = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        var validator = new CertificateValidator(() => new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));

        var result = validator.Validate(new CertificateInput("proxy", issued.CertificatePem, issued.KeySecure, "/certs/proxy.pem", "/certs/proxy.pem"));

        ValidationIssue error = Assert.Single(result.ErrorIssues);
        Assert.Equal(IssueIds.CertificateExpired, error.Id);
        Assert.Equal("certificate 'proxy' (/certs/proxy.pem) expired on 2026-01-01; the cluster refuses expired certificates. Issue a new one.", error.Message);
        Assert.Equal("/certs/proxy.pem", error.Target);
        Assert.True(result.Certificate!.DaysRemaining < 0);
    }

    [Fact]
    public void A_certificate_not_yet_valid_is_refused()
    {
        var issued = TestCertificates.Rsa(options: new TestCertificates.Options { NotBefore = TestCertificates.Now.AddDays(2) });
        Assert.Equal([IssueIds.CertificateNotYetValid], ErrorIds(Validate("proxy", issued.CertificatePem, issued.Pkcs8Pem)));
    }

    [Fact]
    public void A_certificate_expiring_within_30_days_is_a_warning()
    {
        var issued = TestCertificates.Rsa(options: new TestCertificates.Options { NotAfter = TestCertificates.Now.AddDays(10) });
        var result = Validate("proxy", issued.CertificatePem, issued.Pkcs8Pem);
        Assert.True(result.IsValid);
        Assert.Equal([IssueIds.CertificateExpiringSoon], WarningIds(result));
    }

    [Fact]
    public void A_name_that_needs_a_key_without_one_is_refused()
    {
        var result = Validate("proxy", TestCertificates.Rsa().CertificatePem, null);
        Assert.Equal([IssueIds.PrivateKeyMissing], ErrorIds(result));
        Assert.Contains("proxy.key", result.ErrorIssues[0].Message);
    }

    [Fact]
    public void A_keyless_name_with_a_key_is_refused_and_without_one_is_fine()
    {
        var ca = TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = "Client CA", IsCa = true, ExtendedKeyUsage = false });
        Assert.Equal([IssueIds.PrivateKeyNotAllowed], ErrorIds(Validate("mtls_trusted_ca", ca.CertificatePem, ca.Pkcs8Pem)));

        var result = Validate("mtls_trusted_ca", ca.CertificatePem, null);
        Assert.True(result.IsValid);
        Assert.Empty(result.WarningIssues);
    }

    [Fact]
    public void A_bundle_of_unrelated_cas_is_a_valid_mtls_trusted_ca_but_not_a_chain_elsewhere()
    {
        var first = TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = "Client CA One", IsCa = true, ExtendedKeyUsage = false });
        var second = TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = "Client CA Two", IsCa = true, ExtendedKeyUsage = false });
        string bundle = first.CertificatePem + second.CertificatePem;

        Assert.Empty(ErrorIds(Validate("mtls_trusted_ca", bundle, null)));
        Assert.Equal([IssueIds.ChainBroken], ErrorIds(Validate("ldap_client", bundle, first.Pkcs8Pem)));
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("serverOnly")]
    [InlineData("clientOnly")]
    public void Missing_server_or_client_auth_is_a_warning(string eku)
    {
        var options = eku switch
        {
            "absent" => new TestCertificates.Options { ExtendedKeyUsage = false },
            "serverOnly" => new TestCertificates.Options { Usages = ["1.3.6.1.5.5.7.3.1"] },
            _ => new TestCertificates.Options { Usages = ["1.3.6.1.5.5.7.3.2"] },
        };
        var issued = TestCertificates.Rsa(options: options);

        var result = Validate("proxy", issued.CertificatePem, issued.Pkcs8Pem);

        Assert.True(result.IsValid);
        Assert.Equal([IssueIds.MissingExtendedKeyUsage], WarningIds(result));
        Assert.Contains(eku == "serverOnly" ? "clientAuth" : "serverAuth", result.WarningIssues[0].Message);
    }

    [Fact]
    public void A_small_rsa_key_is_a_warning()
    {
        var issued = TestCertificates.Rsa(1024);
        Assert.Equal([IssueIds.WeakRsaKey], WarningIds(Validate("proxy", issued.CertificatePem, issued.Pkcs8Pem)));
    }

    [Fact]
    public void A_sha1_signature_is_a_warning()
    {
        var issued = TestCertificates.Rsa(options: new TestCertificates.Options { Hash = HashAlgorithmName.SHA1 });
        Assert.Equal([IssueIds.Sha1Signature], WarningIds(Validate("proxy", issued.CertificatePem, issued.Pkcs8Pem)));
    }

    [Fact]
    public void An_ecdsa_key_on_an_internode_certificate_is_a_warning()
    {
        var issued = TestCertificates.Ec();
        Assert.Equal([IssueIds.InternodeKeyNotRsa], WarningIds(Validate("ccs_internode_encryption", issued.CertificatePem, issued.Pkcs8Pem)));
        var rsa = TestCertificates.Rsa();
        Assert.Empty(Validate("data_internode_encryption", rsa.CertificatePem, rsa.Pkcs8Pem).WarningIssues);
    }

    [Fact]
    public void An_unknown_but_valid_name_is_a_warning()
    {
        var issued = TestCertificates.Rsa();
        var result = Validate("future_cert", issued.CertificatePem, issued.Pkcs8Pem);
        Assert.True(result.IsValid);
        Assert.Equal([IssueIds.UnknownCertificateName], WarningIds(result));
    }

    [Fact]
    public void An_invalid_name_is_refused()
    {
        var issued = TestCertificates.Rsa();
        Assert.Equal([IssueIds.InvalidCertificateName], ErrorIds(Validate("../api", issued.CertificatePem, issued.Pkcs8Pem)));
    }

    [Fact]
    public void Unreadable_certificate_and_key_pem_are_reported_not_thrown()
    {
        var issued = TestCertificates.Rsa();
        Assert.Equal([IssueIds.TruncatedPem], ErrorIds(Validate("proxy", "-----BEGIN CERTIFICATE-----\nMIIB", issued.Pkcs8Pem)));
        Assert.Equal([IssueIds.EncryptedPrivateKey], ErrorIds(Validate("proxy", issued.CertificatePem, issued.EncryptedPem)));
        Assert.Equal([IssueIds.InvalidPrivateKey], ErrorIds(Validate("proxy", issued.CertificatePem, issued.CertificatePem)));
    }

    [Fact]
    public void A_report_is_invalid_when_any_item_or_the_pairing_failed()
    {
        var good = TestCertificates.Rsa();
        var input = new CertificateInput("proxy", good.CertificatePem, good.KeySecure, "x");
        Assert.True(Validator.Validate(new CertificateSet([input], [])).IsValid);
        var issue = new ValidationIssue(IssueIds.KeyOnlyNoCertificate, "m", "t", FailureKind.ObjectNotFound);
        Assert.False(Validator.Validate(new CertificateSet([input], [issue])).IsValid);
    }

    [Fact]
    public void A_set_is_validated_input_by_input_with_the_cmdlets_issues_first()
    {
        var good = TestCertificates.Rsa();
        var builder = new CertificateSetBuilder();
        var missing = new ValidationIssue(IssueIds.FileNotFound, "No certificate file matches 'x*.pem'.", "x*.pem", FailureKind.ObjectNotFound);
        builder.AddIssue(missing);
        builder.AddPem("proxy", good.CertificatePem, good.KeySecure);
        builder.AddPem("api", good.CertificatePem, null);
        using CertificateSet set = builder.Build();

        var told = new List<string>();
        CertificateValidationReport report = Validator.Validate(set, (index, count, input) => told.Add($"{index + 1}/{count} {input.Name}"));

        Assert.Equal(["1/2 proxy", "2/2 api"], told);
        Assert.Equal([missing], report.SetIssues);
        Assert.Equal(["proxy", "api"], report.Results.Select(r => r.Name));
        Assert.Equal([IssueIds.FileNotFound, IssueIds.PrivateKeyMissing], report.Errors.Select(e => e.Id));
    }
}
