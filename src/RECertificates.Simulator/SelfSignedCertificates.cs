using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Simulator;

/// <summary>The certificates a freshly installed cluster makes for itself.</summary>
public static class SelfSignedCertificates
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>
    /// Starts making all cluster-made certificates, `api` first. An RSA 2048 key costs a few hundred milliseconds of
    /// CPU, so they are made on the thread pool while Kestrel starts, and only `api` is needed before listening.
    /// </summary>
    /// <summary>The certificates the cluster makes itself, those its version has.</summary>
    public static Dictionary<string, Task<StoredCertificate>> StartClusterSet(string clusterName, VersionBehaviour version) =>
        CertificateCatalog.ClusterMade.Where(version.Knows).ToDictionary(name => name, name => Task.Run(() => Create(name, clusterName)));

    /// <summary>
    /// CN is the cluster name, and the SANs cover localhost and 127.0.0.1 so a client that checks host names can be
    /// told to trust the `api` certificate the simulator serves. OU tells the seven apart.
    /// </summary>
    public static StoredCertificate Create(string name, string clusterName)
    {
        using var rsa = RSA.Create(2048);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(clusterName);
        subject.AddOrganizationalUnitName(name);
        subject.AddOrganizationName("Redis Enterprise cluster simulator");
        var request = new CertificateRequest(subject.Build(), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName(clusterName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        // The docs require both server and client auth for cluster certificates.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        // A little slack before "now" so a client whose clock is slightly behind does not see "not yet valid".
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var certificate = request.CreateSelfSigned(notBefore, notBefore + Lifetime);
        return new StoredCertificate(certificate.ExportCertificatePem() + "\n", rsa.ExportPkcs8PrivateKeyPem() + "\n");
    }
}
