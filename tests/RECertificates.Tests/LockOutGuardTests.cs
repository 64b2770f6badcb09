using RECertificates.Sessions;

namespace RECertificates.Tests;

public class LockOutGuardTests
{
    private static readonly (TestCertificates.Issued Root, TestCertificates.Issued Intermediate, TestCertificates.Issued Leaf) Chain = TestCertificates.Chain();

    [Fact]
    public void A_bundle_that_holds_the_issuer_of_the_session_certificate_is_fine()
    {
        string bundle = TestCertificates.Pem(TestCertificates.Rsa(options: new() { CommonName = "Other CA", IsCa = true }).Certificate, Chain.Intermediate.Certificate);

        Assert.Null(LockOutGuard.CheckReplacement(Chain.Leaf.Certificate, bundle, "c1"));
    }

    [Fact]
    public void A_bundle_without_the_issuer_would_lock_the_session_out()
    {
        var other = TestCertificates.Rsa(options: new() { CommonName = "Other CA", IsCa = true });

        string? problem = LockOutGuard.CheckReplacement(Chain.Leaf.Certificate, TestCertificates.Pem(other.Certificate), "c1");

        Assert.NotNull(problem);
        Assert.Contains("Test Intermediate CA", problem);
        Assert.Contains(Chain.Leaf.Certificate.Thumbprint, problem);
    }

    [Fact]
    public void A_CA_with_the_issuer_name_but_another_key_is_not_the_issuer()
    {
        var impostor = TestCertificates.Rsa(options: new() { CommonName = "Test Intermediate CA", IsCa = true, ExtendedKeyUsage = false, DnsNames = [] });

        Assert.NotNull(LockOutGuard.CheckReplacement(Chain.Leaf.Certificate, TestCertificates.Pem(impostor.Certificate), "c1"));
    }

    [Fact]
    public void A_password_session_is_never_locked_out()
    {
        Assert.Null(LockOutGuard.CheckReplacement(null, "not even PEM", "c1"));
        Assert.Null(LockOutGuard.CheckRemoval(null, "c1"));
        Assert.NotNull(LockOutGuard.CheckRemoval(Chain.Leaf.Certificate, "c1"));
    }

    [Theory]
    [InlineData("CN=ops, OU=IT, O=Example", "CN=ops,OU=IT,O=Example")]
    [InlineData("CN=ops, O=\"Example, Inc.\"", "CN=ops,O=\"Example, Inc.\"")]
    public void The_subject_line_is_written_as_the_cluster_user_must_spell_it(string subject, string line)
    {
        Assert.Equal(line, CertificateSubjectLine.Compact(subject));
    }
}
