using RECertificates.Sessions;

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

    [Fact]
    public void LosesNoPinWhenRunspacesSharingOneSessionRotateAtTheSameTime()
    {
        // Each thread stands for a runspace rotating 'api' through one shared session: all begin together, then all
        // complete together. A read-modify-write without atomicity loses another thread's pin in one of the rounds.
        const int Threads = 8;
        TestCertificates.Issued[] next = Enumerable.Range(0, Threads).Select(_ => TestCertificates.Ec()).ToArray();
        string[] expected = next.Select(n => n.Certificate.Thumbprint).OrderBy(p => p).ToArray();
        for (int round = 0; round < 200; round++)
        {
            var trust = new ServerCertificateTrust(false, [Old.Certificate.Thumbprint]);
            using var begun = new Barrier(Threads);
            Thread[] runspaces = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
            {
                begun.SignalAndWait();
                ApiPinRotation? rotation = ApiPinRotation.Begin(trust, Old.Certificate, next[i].Certificate);
                begun.SignalAndWait();
                rotation?.Complete();
            })).ToArray();
            Array.ForEach(runspaces, t => t.Start());
            Array.ForEach(runspaces, t => t.Join());

            Assert.Equal(expected, trust.Pins.OrderBy(p => p).ToArray());
        }
    }
}
