using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Tests;

/// <summary>The 8.2 cipher-suite check: which keys a suite list serves, and which certificates it refuses.</summary>
public class CipherSuiteFitTests
{
    [Theory]
    [InlineData("ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256", "Rsa")]
    [InlineData("ECDHE-ECDSA-AES256-GCM-SHA384", "Ecdsa")]
    [InlineData("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "Any")]
    [InlineData("ECDHE-RSA-AES256-GCM-SHA384:!ECDHE-ECDSA-AES256-GCM-SHA384", "Rsa")]
    [InlineData("HIGH:!aNULL", "Any")]
    [InlineData("TLS_AES_256_GCM_SHA384", "Any")]
    [InlineData("", "Any")]
    [InlineData(null, "Any")]
    public void A_suite_list_serves_the_keys_its_suites_name(string? suites, string expected) =>
        Assert.Equal(expected, ClusterCipherSuites.KeysOf(suites).ToString());

    private static ValidationIssue? Check(string name, TestCertificates.Issued leaf, string version, ClusterCipherSuites suites) =>
        CipherSuiteFit.Check(new CertificateInput(name, leaf.CertificatePem, null, name), leaf.Certificate,
            new ClusterTarget("c", "c", "c", version, true, suites));

    [Fact]
    public void From_8_2_an_ECDSA_certificate_is_refused_where_only_RSA_suites_are_configured()
    {
        var rsaOnly = new ClusterCipherSuites("ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "");
        var ec = TestCertificates.Ec();
        ValidationIssue issue = Check("api", ec, "8.2.0-25", rsaOnly)!;
        Assert.Equal(IssueIds.CipherSuiteMismatch, issue.Id);
        Assert.Contains("control_cipher_suites", issue.Message);
        Assert.Contains("data_cipher_list", Check("proxy", ec, "8.2.0-25", rsaOnly)!.Message);
        Assert.Null(Check("api", TestCertificates.Rsa(), "8.2.0-25", rsaOnly));
        Assert.Null(Check("api", ec, "8.0.20-96", rsaOnly));
        Assert.Null(Check("syncer", ec, "8.2.0-25", rsaOnly));
    }

    [Fact]
    public void And_the_reverse_an_RSA_certificate_where_only_ECDSA_suites_are()
    {
        var ecdsaOnly = new ClusterCipherSuites("ECDHE-ECDSA-AES256-GCM-SHA384", null, null);
        Assert.Contains("RSA key", Check("metrics_exporter", TestCertificates.Rsa(), "8.2.0-46", ecdsaOnly)!.Message);
        Assert.Null(Check("metrics_exporter", TestCertificates.Ec(), "8.2.0-46", ecdsaOnly));
        // TLS 1.3 suites on the data path serve either key.
        Assert.Null(Check("proxy", TestCertificates.Rsa(), "8.2.0-46", new ClusterCipherSuites(null, "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_AES_256_GCM_SHA384")));
    }

    [Fact]
    public void The_settings_are_read_from_the_clusters_answer()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""{"name":"c","control_cipher_suites":"A-RSA","data_cipher_list":"B-ECDSA","data_cipher_suites_tls_1_3":""}""");
        ClusterCipherSuites suites = ClusterCipherSuites.Parse(document.RootElement);
        Assert.Equal(SuiteKeys.Rsa, suites.ControlKeys);
        Assert.Equal(SuiteKeys.Ecdsa, suites.DataKeys);
    }
}
