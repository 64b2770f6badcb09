using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Commands;

namespace RECertificates.Tests;

/// <summary>
/// Test-RECertificate's results: every reason Set-RECertificate would refuse is a result, and a problem about a
/// certificate's own file, name or key file is on that certificate's result rather than a result of its own.
/// </summary>
public class TestCertificateOutputTests
{
    private static readonly ValidationIssue[] None = [];

    private static CertificateTestResult Valid(string name, string? path) => new(name, path, None, None, null);

    private static ValidationIssue Issue(string id, string target) => new(id, $"{id}: {target}", target, FailureKind.InvalidData);

    private static List<CertificateTestResult> From(IReadOnlyList<CertificateTestResult> results, ValidationIssue[] setIssues, Func<string, bool>? isGivenKeyPath = null) =>
        TestCertificateOutput.From(new CertificateValidationReport(setIssues, results), isGivenKeyPath ?? (_ => false));

    [Fact]
    public void A_problem_with_a_certificates_own_file_joins_its_result()
    {
        List<CertificateTestResult> results = From([Valid("proxy", "/c/proxy.pem"), Valid("api", "/c/api.pem")], [Issue(IssueIds.DuplicateCertificateName, "/c/api.pem")]);

        Assert.Equal(2, results.Count);
        Assert.True(results[0].IsValid);
        Assert.Equal([IssueIds.DuplicateCertificateName], results[1].ErrorIds);
        Assert.Equal("api", results[1].Name);
    }

    [Fact]
    public void A_problem_with_a_certificate_given_as_text_joins_it_by_name()
    {
        List<CertificateTestResult> results = From([Valid("syncer", null)], [Issue(IssueIds.PrivateKeyMissing, "syncer")]);

        CertificateTestResult result = Assert.Single(results);
        Assert.Equal([IssueIds.PrivateKeyMissing], result.ErrorIds);
    }

    [Fact]
    public void A_key_file_named_after_a_certificate_is_that_certificates_problem()
    {
        List<CertificateTestResult> results = From([Valid("proxy", "/c/proxy.pem"), Valid("api", "/c/api.pem")], [Issue(IssueIds.InvalidPrivateKey, "/c/api.key")]);

        Assert.Equal(2, results.Count);
        Assert.Equal([IssueIds.InvalidPrivateKey], results[1].ErrorIds);
        Assert.True(results[0].IsValid);
    }

    [Fact]
    public void A_key_file_given_with_KeyPath_is_the_first_certificates_problem_whatever_its_name()
    {
        List<CertificateTestResult> results = From([Valid("proxy", "/c/proxy.pem")], [Issue(IssueIds.WrongPassword, "/vault/secret.bin")], path => path == "/vault/secret.bin");

        CertificateTestResult result = Assert.Single(results);
        Assert.Equal([IssueIds.WrongPassword], result.ErrorIds);
    }

    [Fact]
    public void A_file_no_certificate_owns_becomes_a_result_named_after_the_file()
    {
        List<CertificateTestResult> results = From([Valid("proxy", "/c/proxy.pem")], [Issue(IssueIds.NotPem, "/c/cm.pem"), Issue(IssueIds.FileTooLarge, "/c/cm.pem")]);

        Assert.Equal(2, results.Count);
        CertificateTestResult cm = results[1];
        Assert.Equal("cm", cm.Name);
        Assert.Equal("/c/cm.pem", cm.Path);
        Assert.False(cm.IsValid);
        Assert.Null(cm.Certificate);
        Assert.Equal([IssueIds.NotPem, IssueIds.FileTooLarge], cm.ErrorIds);
    }

    [Fact]
    public void A_pattern_that_matches_nothing_becomes_a_result_with_no_name()
    {
        CertificateTestResult result = Assert.Single(From([], [Issue(IssueIds.FileNotFound, "/c/*.pem")]));

        Assert.Null(result.Name);
        Assert.Equal("/c/*.pem", result.Path);
        Assert.Equal([IssueIds.FileNotFound], result.ErrorIds);
    }

    [Fact]
    public void A_problem_about_a_name_alone_becomes_a_result_with_that_name_and_no_path()
    {
        CertificateTestResult result = Assert.Single(From([], [Issue(IssueIds.NameRequired, "ldap_client")]));

        Assert.Equal("ldap_client", result.Name);
        Assert.Null(result.Path);
    }
}
