using RECertificates.Certificates;

namespace RECertificates.Tests;

/// <summary>Paths written the Windows way name the same certificate files on every platform.</summary>
public class WindowsPathTests
{
    [Theory]
    [InlineData(@"C:\certs\proxy.pem", "proxy", (int)CertificateFileRole.Certificate)]
    [InlineData(@"\\server\share\proxy-key.pem", "proxy", (int)CertificateFileRole.Key)]
    [InlineData(@"\\?\C:\certs\api.crt", "api", (int)CertificateFileRole.Certificate)]
    [InlineData(@"\\?\UNC\server\share\certs\metrics-exporter.key", "metrics_exporter", (int)CertificateFileRole.Key)]
    [InlineData(@"C:proxy.cert.pem", "proxy", (int)CertificateFileRole.Certificate)]
    [InlineData(@"D:\Redis Certs\2026\ldap_client.key.pem", "ldap_client", (int)CertificateFileRole.Key)]
    [InlineData(@"C:/certs/mixed\syncer.pem", "syncer", (int)CertificateFileRole.Certificate)]
    [InlineData("/etc/ssl/redis/cm_cert.pem", "cm", (int)CertificateFileRole.Certificate)]
    public void Reads_the_certificate_name_from_any_kind_of_path(string path, string name, int roleNumber)
    {
        CertificateFileName parsed = CertificateFileName.Parse(path);
        Assert.Equal(name, parsed.CertificateName);
        Assert.Equal((CertificateFileRole)roleNumber, parsed.Role);
    }

    [Theory]
    [InlineData(@"C:\certs\proxy.pem", "proxy.pem")]
    [InlineData(@"\\server\share\", "")]
    [InlineData("proxy.pem", "proxy.pem")]
    [InlineData("C:", "C:")]
    public void Takes_the_last_segment_of_either_separator(string path, string fileName)
    {
        Assert.Equal(fileName, CertificateFileName.FileNameOf(path));
    }
}
