using RECertificates.Certificates;

namespace RECertificates.Tests;

public class PrivateKeyReaderTests
{
    private static PrivateKeyInfo Read(string pem)
    {
        var blocks = PemReader.Read(pem.AsSpan(), "k.pem");
        return PrivateKeyReader.Read(blocks.Single(b => b.IsPrivateKey), "k.pem");
    }

    [Theory]
    [InlineData("pkcs1")]
    [InlineData("pkcs8")]
    public void Reads_rsa_keys_and_matches_their_certificate(string format)
    {
        var issued = TestCertificates.Rsa(3072);
        PrivateKeyInfo key = Read(format == "pkcs1" ? issued.Pkcs1Pem : issued.Pkcs8Pem);

        Assert.Equal("RSA", key.Algorithm);
        Assert.Equal(3072, key.KeySize);
        Assert.Null(key.Curve);
        Assert.True(key.PublicKey!.Matches(PublicKeyIdentity.FromCertificate(issued.Certificate)!));
        Assert.False(key.PublicKey.Matches(PublicKeyIdentity.FromCertificate(TestCertificates.Rsa(3072).Certificate)!));
    }

    [Theory]
    [InlineData("P-256", "sec1")]
    [InlineData("P-384", "pkcs8")]
    [InlineData("P-521", "sec1")]
    [InlineData("P-521", "pkcs8")]
    public void Reads_ec_keys_with_their_curve(string curve, string format)
    {
        var issued = TestCertificates.Ec(curve);
        PrivateKeyInfo key = Read(format == "sec1" ? issued.Sec1Pem : issued.Pkcs8Pem);

        Assert.Equal("ECDSA", key.Algorithm);
        Assert.Equal(curve, key.Curve);
        Assert.Equal($"ECDSA {curve}", key.Description);
        Assert.True(key.PublicKey!.Matches(PublicKeyIdentity.FromCertificate(issued.Certificate)!));
    }

    [Fact]
    public void Derives_the_public_point_when_an_ec_key_leaves_it_out()
    {
        var issued = TestCertificates.Ec("P-384");
        string pem = TestCertificates.Sec1PemWithoutPublicKey((System.Security.Cryptography.ECDsa)issued.Key);

        PrivateKeyInfo key = Read(pem);

        Assert.NotNull(key.PublicKey);
        Assert.True(key.PublicKey!.Matches(PublicKeyIdentity.FromCertificate(issued.Certificate)!));
    }

    [Fact]
    public void Reports_a_damaged_key()
    {
        string pem = "-----BEGIN RSA PRIVATE KEY-----\nMAMCAQA=\n-----END RSA PRIVATE KEY-----\n";
        var e = Assert.Throws<CertificateInputException>(() => Read(pem));
        Assert.Equal(IssueIds.InvalidPrivateKey, e.Issue.Id);
        Assert.Contains("k.pem", e.Message);
    }

    [Fact]
    public void Never_shows_key_material()
    {
        var issued = TestCertificates.Rsa();
        PrivateKeyInfo key = Read(issued.Pkcs1Pem);
        Assert.Equal("RSA 2048", key.ToString());
    }
}
