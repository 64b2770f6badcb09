using RECertificates.Sessions;

namespace RECertificates.Tests;

public class RECertificateTests
{
    [Fact]
    public void Summarises_the_leaf_of_a_chain()
    {
        var (root, intermediate, leaf) = TestCertificates.Chain();
        string pem = TestCertificates.Pem(leaf.Certificate, intermediate.Certificate, root.Certificate);

        RECertificate certificate = TestCertificates.View("proxy", pem, leaf.Pkcs8Pem, includeKey: false, "cluster.example.com");

        Assert.Equal("proxy", certificate.Name);
        Assert.Equal("CN=proxy.example.com", certificate.Subject);
        Assert.Equal("CN=Test Intermediate CA", certificate.Issuer);
        Assert.Equal(3, certificate.ChainLength);
        Assert.Equal(leaf.Certificate.Thumbprint, certificate.Thumbprint);
        Assert.Equal(leaf.Certificate.SerialNumber, certificate.SerialNumber);
        Assert.Equal(["proxy.example.com", "*.proxy.example.com"], certificate.DnsNames);
        Assert.Equal("RSA 2048", certificate.KeyAlgorithm);
        Assert.Equal(pem, certificate.CertificatePem);
        Assert.Equal("cluster.example.com", certificate.ClusterName);
        Assert.True(certificate.HasPrivateKey);
        Assert.Null(certificate.PrivateKey);
        Assert.Equal("proxy", certificate.ToString());
    }

    [Theory]
    [InlineData("P-256")]
    [InlineData("P-384")]
    public void Names_ecdsa_keys_by_curve(string curve)
    {
        var issued = TestCertificates.Ec(curve);
        Assert.Equal($"ECDSA {curve}", TestCertificates.View("api", issued.CertificatePem).KeyAlgorithm);
    }

    [Fact]
    public void Keeps_the_key_only_when_asked_and_only_as_a_secure_string()
    {
        var issued = TestCertificates.Rsa();
        RECertificate certificate = TestCertificates.View("proxy", issued.CertificatePem, issued.Pkcs8Pem, includeKey: true);

        Assert.NotNull(certificate.PrivateKey);
        Assert.Equal(issued.Pkcs8Pem.Length, certificate.PrivateKey!.Length);
        Assert.DoesNotContain(typeof(RECertificate).GetProperties(), p => p.Name != "PrivateKey" && p.GetValue(certificate) is string s && s.Contains("PRIVATE KEY"));
    }

    [Fact]
    public void Days_remaining_is_negative_once_expired()
    {
        var issued = TestCertificates.Rsa(options: new TestCertificates.Options { NotBefore = TestCertificates.Now.AddDays(-100), NotAfter = TestCertificates.Now.AddDays(-10).AddHours(-1) });
        RECertificate certificate = TestCertificates.View("proxy", issued.CertificatePem);

        Assert.True(certificate.IsExpired);
        Assert.Equal(-11, certificate.DaysRemaining);
        Assert.False(certificate.HasPrivateKey);
    }

    [Fact]
    public void Days_remaining_counts_whole_days_ahead()
    {
        var issued = TestCertificates.Rsa(options: new TestCertificates.Options { NotAfter = TestCertificates.Now.AddDays(20).AddHours(1) });
        RECertificate certificate = TestCertificates.View("proxy", issued.CertificatePem, utcNow: TestCertificates.Now.UtcDateTime);

        Assert.False(certificate.IsExpired);
        Assert.Equal(20, certificate.DaysRemaining);
    }

    [Fact]
    public void Has_no_dns_names_without_a_san_extension()
    {
        var issued = TestCertificates.Rsa(options: new TestCertificates.Options { DnsNames = [] });
        Assert.Empty(TestCertificates.View("proxy", issued.CertificatePem).DnsNames);
    }

    [Fact]
    public void Each_object_owns_its_certificate_so_disposing_one_leaves_the_others_whole()
    {
        TestCertificates.Issued api = TestCertificates.Rsa();
        RECertificate first = TestCertificates.View("api", api.CertificatePem);
        string thumbprint = first.Certificate.Thumbprint;

        first.Certificate.Dispose();
        RECertificate second = TestCertificates.View("api", api.CertificatePem);

        Assert.NotSame(first.Certificate, second.Certificate);
        Assert.Equal(thumbprint, second.Certificate.Thumbprint);
        Assert.Equal(api.Certificate.RawData, second.Certificate.RawData);
        Assert.Equal(thumbprint, CertificatePins.Sha1Of(second.Certificate));
    }
}
