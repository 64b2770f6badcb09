using RECertificates.Certificates;

namespace RECertificates.Tests;

/// <summary>The name rule, on plain strings: which certificate names fit a cluster (FQDN cluster.example.com) and a session host.</summary>
public class CertificateNameFitTests
{
    private const string Fqdn = "cluster.example.com";

    private static NameFit Fit(string[] dns, string? cn = null, string[]? ips = null, string? fqdn = Fqdn, string? host = "cluster.example.com") =>
        CertificateNameFit.Check(dns, ips ?? [], cn, fqdn, host);

    [Theory]
    [InlineData("cluster.example.com")]
    [InlineData("*.cluster.example.com")]
    [InlineData("internal.cluster.example.com")]
    [InlineData("*.internal.cluster.example.com")]
    [InlineData("node1.cluster.example.com")]
    [InlineData("*.example.com")]
    public void A_name_of_the_cluster_or_under_it_fits(string name) => Assert.True(Fit([name]).Fits);

    [Theory]
    [InlineData("other.example.com")]
    [InlineData("cluster.example.org")]
    [InlineData("xcluster.example.com")]
    [InlineData("*.*.example.com")]
    [InlineData("*.com")]
    public void A_name_of_another_cluster_does_not(string name) => Assert.False(Fit([name], host: null).Fits);

    [Fact]
    public void A_wildcard_covers_one_label_only_as_TLS_clients_match()
    {
        Assert.True(CertificateNameFit.Covers("*.example.com", "cluster.example.com"));
        Assert.False(CertificateNameFit.Covers("*.example.com", "a.cluster.example.com"));
        Assert.False(CertificateNameFit.Covers("*.example.com", "example.com"));
        Assert.False(Fit(["*.other.example.com"], host: "db.cluster.other.example.com").Fits);
        Assert.True(Fit(["*.other.example.com"], host: "lb.other.example.com").Fits);
    }

    [Fact]
    public void Case_and_trailing_dots_do_not_matter()
    {
        Assert.True(Fit(["CLUSTER.Example.COM."], fqdn: "cluster.example.com", host: null).Fits);
        Assert.True(Fit(["*.Cluster.Example.Com"], fqdn: "cluster.example.com.", host: null).Fits);
        Assert.True(Fit(["lb.example.net"], host: "LB.Example.NET.").Fits);
    }

    [Fact]
    public void International_names_are_compared_in_their_punycode_form()
    {
        Assert.True(Fit(["xn--bcher-kva.example"], fqdn: "bücher.example", host: null).Fits);
        Assert.True(Fit(["*.Bücher.Example"], fqdn: "xn--bcher-kva.example", host: null).Fits);
        Assert.Equal("*.xn--bcher-kva.example", CertificateNameFit.Canonical("*.Bücher.example."));
        Assert.False(Fit(["xn--bcher-kva.example"], fqdn: "bucher.example", host: null).Fits);
    }

    [Fact]
    public void The_common_name_counts_only_when_there_are_no_DNS_names()
    {
        Assert.True(Fit([], cn: "cluster.example.com", host: null).Fits);
        Assert.False(Fit(["other.example.com"], cn: "cluster.example.com", host: null).Fits);
        Assert.Equal(["other.example.com"], Fit(["other.example.com"], cn: "cluster.example.com").CertificateNames);
    }

    [Fact]
    public void A_session_opened_by_address_is_matched_against_IP_addresses()
    {
        Assert.True(Fit(["other.example.com"], ips: ["127.0.0.1"], host: "127.0.0.1").Fits);
        Assert.False(Fit(["other.example.com"], ips: ["127.0.0.2"], host: "127.0.0.1").Fits);
        Assert.True(Fit(["other.example.com"], ips: ["::1"], host: "[::1]").Fits);
        // An address is not a DNS name: a DNS entry "127.0.0.1" does not cover a session opened by that address.
        Assert.False(Fit(["127.0.0.1"], host: "127.0.0.1", fqdn: "x.example").Fits);
        // Still fits by the FQDN when the session was opened by address.
        Assert.True(Fit(["cluster.example.com"], host: "127.0.0.1").Fits);
    }

    [Fact]
    public void The_session_host_fits_when_clients_reach_the_cluster_by_it()
    {
        Assert.True(Fit(["lb.corp.example"], host: "lb.corp.example").Fits);
        Assert.Contains("lb.corp.example", Fit(["x.example"], host: "lb.corp.example").ClusterNames);
    }

    [Fact]
    public void The_verdict_names_both_sides_and_the_missing_database_wildcards()
    {
        NameFit fit = Fit(["other.example.com"], ips: ["10.0.0.1"], host: "127.0.0.1");
        Assert.False(fit.Fits);
        Assert.Equal(["other.example.com", "10.0.0.1"], fit.CertificateNames);
        Assert.Equal(["cluster.example.com", "*.cluster.example.com", "internal.cluster.example.com", "*.internal.cluster.example.com", "127.0.0.1"], fit.ClusterNames);
        Assert.Equal(["*.internal.cluster.example.com"], Fit(["*.cluster.example.com"]).MissingDatabaseWildcards);
        Assert.Empty(Fit(["*.Cluster.example.com.", "*.internal.cluster.example.com"]).MissingDatabaseWildcards);
    }

    [Fact]
    public void Nothing_to_check_against_is_no_mismatch() => Assert.True(Fit(["x.example"], fqdn: null, host: null).Fits);

    [Theory]
    [InlineData("api", true)]
    [InlineData("cm", true)]
    [InlineData("proxy", true)]
    [InlineData("metrics_exporter", true)]
    [InlineData("syncer", false)]
    [InlineData("ldap_client", false)]
    [InlineData("ccs_internode_encryption", false)]
    public void Only_the_certificates_clients_verify_by_the_clusters_name_are_checked(string name, bool applies) =>
        Assert.Equal(applies, CertificateNameFit.AppliesTo(name));

    [Fact]
    public void The_IP_addresses_of_a_certificate_are_read_from_its_SAN()
    {
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=x", System.Security.Cryptography.RSA.Create(2048), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var san = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        san.AddDnsName("a.example");
        san.AddIpAddress(System.Net.IPAddress.Parse("127.0.0.1"));
        san.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Assert.Equal(["a.example"], SubjectAlternativeNames.DnsNames(certificate));
        Assert.Equal(["127.0.0.1", "::1"], SubjectAlternativeNames.IpAddresses(certificate));
        Assert.True(CertificateNameFit.Check(certificate, "cluster.example.com", "127.0.0.1").Fits);
    }
}
