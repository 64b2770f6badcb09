using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Sessions;

namespace RECertificates.Tests;

public class CertificatePinsTests
{
    private static X509Certificate2 MakeCertificate()
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=pin.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void Normalizes_case_colons_and_spaces_and_drops_duplicates()
    {
        string sha1 = new string('a', 40);
        string withColons = string.Join(":", Enumerable.Range(0, 20).Select(_ => "AA"));
        Assert.True(CertificatePins.TryNormalize([sha1, withColons, "bb " + new string('b', 62)], out string[] pins, out _));
        Assert.Equal([new string('A', 40), new string('B', 64)], pins);
    }

    [Theory]
    [InlineData("1234")]
    [InlineData("zz00000000000000000000000000000000000000")]
    [InlineData("00000000000000000000000000000000000000000")]
    public void Refuses_what_is_not_a_SHA1_or_SHA256_thumbprint(string thumbprint)
    {
        Assert.False(CertificatePins.TryNormalize([thumbprint], out string[] pins, out string? problem));
        Assert.Empty(pins);
        Assert.Contains(thumbprint, problem);
    }

    [Fact]
    public void A_pin_matches_by_SHA1_or_SHA256_and_nothing_else()
    {
        using X509Certificate2 certificate = MakeCertificate();
        string sha256 = Convert.ToHexString(SHA256.HashData(certificate.RawData));
        Assert.True(CertificatePins.Matches(certificate, [certificate.Thumbprint]));
        Assert.True(CertificatePins.Matches(certificate, [sha256]));
        Assert.False(CertificatePins.Matches(certificate, [new string('0', 40)]));
        Assert.False(CertificatePins.Matches(certificate, []));
    }

    [Fact]
    public void Trust_follows_the_sessions_choice()
    {
        using X509Certificate2 certificate = MakeCertificate();
        var machine = new ServerCertificateTrust(false, []);
        Assert.True(machine.Validate(certificate, SslPolicyErrors.None));
        Assert.False(machine.Validate(certificate, SslPolicyErrors.RemoteCertificateChainErrors));

        var pinned = new ServerCertificateTrust(false, [certificate.Thumbprint]);
        Assert.True(pinned.Validate(certificate, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
        pinned.ChangePins(_ => [new string('0', 40)]);
        Assert.False(pinned.Validate(certificate, SslPolicyErrors.None));
        Assert.Equal(certificate.Thumbprint, pinned.LastPresented!.Sha1);

        var skip = new ServerCertificateTrust(true, []);
        Assert.True(skip.Validate(certificate, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void Reads_a_thumbprint_copied_from_the_Windows_certificate_dialog()
    {
        // The dialog shows "3e 7b 53 ..." with a left-to-right mark (U+200E) before the first digit.
        string copied = "\u200E" + string.Join(" ", Enumerable.Range(0, 20).Select(_ => "3e")) + "\u200F\t\u00A0";

        Assert.True(CertificatePins.TryNormalize([copied], out string[] pins, out string? problem), problem);
        Assert.Equal([string.Concat(Enumerable.Repeat("3E", 20))], pins);
    }
}
