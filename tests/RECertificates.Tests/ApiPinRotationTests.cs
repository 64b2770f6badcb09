namespace RECertificates.Tests;

/// <summary>How a pinned session's trust follows an 'api' rotation: both during the request, the new one after.</summary>
public sealed class ApiPinRotationTests
{
    private static readonly TestCertificates.Issued Old = TestCertificates.Rsa();
    private static readonly TestCertificates.Issued New = TestCertificates.Rsa();

    [Fact]
    public void TrustsBothDuringTheRequestAndOnlyTheNewOneAfter()
    {
        string other = new string('A', 40);
        var trust = new ServerCertificateTrust(false, [other, Old.Certificate.Thumbprint]);

        ApiPinRotation? rotation = ApiPinRotation.Begin(trust, Old.Certificate, New.Certificate);

        Assert.NotNull(rotation);
        Assert.Equal([other, Old.Certificate.Thumbprint, New.Certificate.Thumbprint], trust.Pins);
        rotation!.Complete();
        Assert.Equal([other, New.Certificate.Thumbprint], trust.Pins);
    }

    [Fact]
    public void KeepsASha256PinASha256Pin()
    {
        var trust = new ServerCertificateTrust(false, [CertificatePins.Sha256Of(Old.Certificate)]);

        ApiPinRotation.Begin(trust, Old.Certificate, New.Certificate)!.Complete();

        Assert.Equal([CertificatePins.Sha256Of(New.Certificate)], trust.Pins);
    }

    [Fact]
    public void LeavesASessionThatDidNotPinTheOldCertificateAlone()
    {
        string other = new string('B', 40);
        var pinnedElsewhere = new ServerCertificateTrust(false, [other]);
        var machineTrust = new ServerCertificateTrust(false, []);
        var skipping = new ServerCertificateTrust(true, [Old.Certificate.Thumbprint]);

        Assert.Null(ApiPinRotation.Begin(pinnedElsewhere, Old.Certificate, New.Certificate));
        Assert.Null(ApiPinRotation.Begin(machineTrust, Old.Certificate, New.Certificate));
        Assert.Null(ApiPinRotation.Begin(skipping, Old.Certificate, New.Certificate));
        Assert.Equal([other], pinnedElsewhere.Pins);
        Assert.Empty(machineTrust.Pins);
    }

    [Fact]
    public void SurvivesRotatingToTheSameCertificate()
    {
        var trust = new ServerCertificateTrust(false, [Old.Certificate.Thumbprint]);

        ApiPinRotation.Begin(trust, Old.Certificate, Old.Certificate)!.Complete();

        Assert.Equal([Old.Certificate.Thumbprint], trust.Pins);
    }
}
