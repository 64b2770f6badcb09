using RECertificates.Certificates;

namespace RECertificates.Tests;

public class CertificateFileNameTests
{
    [Theory]
    [InlineData("proxy.pem", "proxy", (int)CertificateFileRole.Certificate)]
    [InlineData("proxy.crt", "proxy", (int)CertificateFileRole.Certificate)]
    [InlineData("proxy_cert.pem", "proxy", (int)CertificateFileRole.Certificate)]
    [InlineData("proxy-cert.pem", "proxy", (int)CertificateFileRole.Certificate)]
    [InlineData("proxy.cert.pem", "proxy", (int)CertificateFileRole.Certificate)]
    [InlineData("PROXY.PEM", "proxy", (int)CertificateFileRole.Certificate)]
    [InlineData("/certs/metrics-exporter.pem", "metrics_exporter", (int)CertificateFileRole.Certificate)]
    [InlineData("proxy.key", "proxy", (int)CertificateFileRole.Key)]
    [InlineData("proxy_key.pem", "proxy", (int)CertificateFileRole.Key)]
    [InlineData("proxy-key.pem", "proxy", (int)CertificateFileRole.Key)]
    [InlineData("proxy.key.pem", "proxy", (int)CertificateFileRole.Key)]
    [InlineData("Metrics-Exporter.KEY", "metrics_exporter", (int)CertificateFileRole.Key)]
    [InlineData("proxy.pfx", "proxy", (int)CertificateFileRole.Certificate)]
    [InlineData("Proxy.P12", "proxy", (int)CertificateFileRole.Certificate)]
    [InlineData("proxy.cer", "proxy", (int)CertificateFileRole.Certificate)]
    [InlineData("proxy.der", "proxy", (int)CertificateFileRole.Certificate)]
    [InlineData("proxy-chain.pem", "proxy", (int)CertificateFileRole.Certificate)]
    [InlineData("proxy-crt.pem", "proxy", (int)CertificateFileRole.LeafOnly)]
    [InlineData("proxy-chain-only.pem", "proxy", (int)CertificateFileRole.ChainOnly)]
    [InlineData("metrics-exporter-chain-only.pem", "metrics_exporter", (int)CertificateFileRole.ChainOnly)]
    [InlineData("notes.txt", "notes.txt", (int)CertificateFileRole.Unknown)]
    public void Reads_the_certificate_name_and_role_from_a_file_name(string file, string name, int roleNumber)
    {
        CertificateFileName parsed = CertificateFileName.Parse(file);
        Assert.Equal(name, parsed.CertificateName);
        Assert.Equal((CertificateFileRole)roleNumber, parsed.Role);
    }

    [Fact]
    public void Lists_key_file_candidates_in_order()
    {
        Assert.Equal(["proxy.key", "proxy_key.pem", "proxy-key.pem", "proxy.key.pem"], CertificateFileName.KeyFileCandidates("proxy"));
    }

    [Fact]
    public void Every_key_candidate_reads_back_as_a_key_of_the_same_name()
    {
        foreach (string candidate in CertificateFileName.KeyFileCandidates("ldap_client"))
        {
            CertificateFileName parsed = CertificateFileName.Parse(candidate);
            Assert.Equal(("ldap_client", CertificateFileRole.Key), (parsed.CertificateName, parsed.Role));
        }
    }
}
