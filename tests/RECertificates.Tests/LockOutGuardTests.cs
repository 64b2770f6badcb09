using RECertificates.Sessions;

namespace RECertificates.Tests;

public class LockOutGuardTests
{
    private static readonly (TestCertificates.Issued Root, TestCertificates.Issued Intermediate, TestCertificates.Issued Leaf) Chain = TestCertificates.Chain();

    [Fact]
    public void A_bundle_that_holds_the_issuers_of_the_session_certificate_up_to_the_root_is_fine()
    {
        string bundle = TestCertificates.Pem(TestCertificates.Rsa(options: new() { CommonName = "Other CA", IsCa = true }).Certificate, Chain.Intermediate.Certificate, Chain.Root.Certificate);

        Assert.Null(LockOutGuard.CheckReplacement(Chain.Leaf.Certificate, bundle, "c1"));
    }

    [Fact]
    public void A_bundle_with_the_issuer_but_not_its_root_would_lock_the_session_out()
    {
        // The cluster verifies as OpenSSL does, without partial chains: an intermediate is no trust anchor.
        string? problem = LockOutGuard.CheckReplacement(Chain.Leaf.Certificate, TestCertificates.Pem(Chain.Intermediate.Certificate), "c1");

        Assert.NotNull(problem);
        Assert.Contains("self-signed root", problem);
    }

    [Fact]
    public void A_bundle_of_only_the_session_certificate_would_lock_the_session_out_unless_it_is_self_signed()
    {
        Assert.NotNull(LockOutGuard.CheckReplacement(Chain.Leaf.Certificate, TestCertificates.Pem(Chain.Leaf.Certificate), "c1"));

        var selfSigned = TestCertificates.Ec(options: new() { CommonName = "ops" });
        Assert.Null(LockOutGuard.CheckReplacement(selfSigned.Certificate, TestCertificates.Pem(selfSigned.Certificate), "c1"));
    }

    [Fact]
    public void A_self_signed_session_certificate_missing_from_the_bundle_would_lock_the_session_out()
    {
        var selfSigned = TestCertificates.Ec(options: new() { CommonName = "ops" });

        Assert.NotNull(LockOutGuard.CheckReplacement(selfSigned.Certificate, TestCertificates.Pem(Chain.Root.Certificate), "c1"));
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
