using RECertificates.Certificates;

namespace RECertificates.Tests;

public class CertificateNamesTests
{
    [Fact]
    public void Knows_the_eleven_names_sorted()
    {
        Assert.Equal(
            ["api", "ccs_internode_encryption", "cm", "data_internode_encryption", "ldap_client", "metrics_exporter", "mtls_trusted_ca", "proxy", "sso_issuer", "sso_service", "syncer"],
            CertificateNames.All);
    }

    [Fact]
    public void The_optional_names_are_the_known_ones_a_cluster_does_not_require()
    {
        Assert.Equal(CertificateNames.All.Where(n => !CertificateNames.IsRequired(n)), CertificateNames.AllOptional);
    }

    [Theory]
    [InlineData("proxy", true, false, false)]
    [InlineData("metrics-exporter", true, false, false)]
    [InlineData("ccs_internode_encryption", true, false, true)]
    [InlineData("data_internode_encryption", true, false, true)]
    [InlineData("ldap_client", false, false, false)]
    [InlineData("mtls_trusted_ca", false, true, false)]
    [InlineData("sso_issuer", false, true, false)]
    [InlineData("sso_service", false, false, false)]
    public void Knows_what_each_name_allows(string name, bool required, bool keyless, bool internode)
    {
        Assert.True(CertificateNames.IsKnown(name));
        Assert.Equal(required, CertificateNames.IsRequired(name));
        Assert.Equal(keyless, CertificateNames.IsKeyless(name));
        Assert.Equal(internode, CertificateNames.IsInternode(name));
    }

    [Theory]
    [InlineData("proxy", true)]
    [InlineData("future_cert_2", true)]
    [InlineData("Proxy", true)]
    [InlineData("", false)]
    [InlineData("../api", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("my cert", false)]
    [InlineData("proxy.pem", false)]
    public void Accepts_only_well_formed_names(string name, bool valid)
    {
        Assert.Equal(valid, CertificateNames.IsValidName(name));
    }

    [Fact]
    public void An_unknown_name_is_not_known_but_can_be_valid()
    {
        Assert.False(CertificateNames.IsKnown("future_cert"));
        Assert.True(CertificateNames.IsValidName("future_cert"));
    }
}

public class CertificateNameSpellingTests
{
    [Theory]
    [InlineData("cp_internode_encryption", "ccs_internode_encryption")]
    [InlineData("DP-Internode-Encryption", "data_internode_encryption")]
    [InlineData("proxy", "proxy")]
    public void The_Kubernetes_operators_names_read_as_the_REST_APIs(string given, string expected) =>
        Assert.Equal(expected, RECertificates.Certificates.CertificateNames.Normalize(given));

    [Theory]
    [InlineData("cp_internode_encryption.pem", "ccs_internode_encryption")]
    [InlineData("dp-internode-encryption_key.pem", "data_internode_encryption")]
    public void So_do_file_names(string file, string expected) =>
        Assert.Equal(expected, RECertificates.Certificates.CertificateFileName.Parse(file).CertificateName);

    [Theory]
    [InlineData("prxy", "proxy")]
    [InlineData("metrics_exportr", "metrics_exporter")]
    [InlineData("ldap_clent", "ldap_client")]
    [InlineData("cert", null)]
    [InlineData("fullchain", null)]
    [InlineData("proxy", null)]
    public void The_closest_known_name_is_offered_for_a_typo(string given, string? expected) =>
        Assert.Equal(expected, RECertificates.Certificates.ClosestName.Among(given, RECertificates.Certificates.CertificateNames.All));

    [Fact]
    public void The_edit_distance_counts_insertions_deletions_and_substitutions()
    {
        Assert.Equal(0, RECertificates.Certificates.ClosestName.Distance("api", "api"));
        Assert.Equal(1, RECertificates.Certificates.ClosestName.Distance("prxy", "proxy"));
        Assert.Equal(3, RECertificates.Certificates.ClosestName.Distance("kitten", "sitting"));
        Assert.Equal(2, RECertificates.Certificates.ClosestName.Distance("", "cm"));
    }
}
