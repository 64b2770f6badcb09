using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Tests;

public class ClusterVersionFactsTests
{
    [Theory]
    [InlineData("mtls_trusted_ca", "7.8.2-60", false)]
    [InlineData("mtls_trusted_ca", "7.8.4-18", true)]
    [InlineData("ccs_internode_encryption", "7.20.0-95", false)]
    [InlineData("ccs_internode_encryption", "7.22.0-250", true)]
    [InlineData("ccs_internode_encryption", "7.22.2-14", true)]
    [InlineData("data_internode_encryption", "7.8.6-13", false)]
    [InlineData("sso_issuer", "7.22.2-54", false)]
    [InlineData("sso_service", "7.22.2-179", false)]
    [InlineData("sso_service", "8.0.2-41", true)]
    [InlineData("sso_service", "8.0.6-54", true)]
    [InlineData("proxy", "7.4.2-54", true)]
    [InlineData("future_feature", "7.4.2-54", true)]
    [InlineData("sso_issuer", null, true)]
    public void Knows_which_version_has_which_name(string name, string? version, bool has)
    {
        Assert.Equal(has, ClusterVersionFacts.HasName(SoftwareVersion.TryParse(version), name));
    }

    [Theory]
    [InlineData("7.4.2-54", false)]
    [InlineData("7.22.0-250", false)]
    [InlineData("7.22.2-14", true)]
    [InlineData("8.2.0-46", true)]
    [InlineData(null, true)]
    public void Puts_all_certificates_in_one_request_from_7_22_2(string? version, bool has)
    {
        Assert.Equal(has, ClusterVersionFacts.BulkCertificateUpdate.IsIn(SoftwareVersion.TryParse(version)));
    }

    [Theory]
    [InlineData("7.22.0-250", false, false)]
    [InlineData("7.22.2-14", true, true)]
    [InlineData("7.22.2-179", true, true)]
    [InlineData("8.0.20-67", true, true)]
    [InlineData("8.0.20-68", false, true)]
    [InlineData("8.0.20-95", false, true)]
    [InlineData("8.0.20-96", false, false)]
    // The 8.2 notes do not record the fixes: the workarounds are kept there.
    [InlineData("8.2.0-25", true, true)]
    [InlineData("8.3.0", false, false)]
    [InlineData(null, false, false)]
    public void Knows_the_defects_of_each_version(string? version, bool rs199373, bool rs208996)
    {
        SoftwareVersion? parsed = SoftwareVersion.TryParse(version);
        Assert.Equal(rs199373, ClusterVersionFacts.MixedInternodeUpdate.Affects(parsed));
        Assert.Equal(rs208996, ClusterVersionFacts.InternodeApiOutage.Affects(parsed));
    }

    [Fact]
    public void Every_row_cites_its_source_and_names_a_known_name()
    {
        foreach (var fact in ClusterVersionFacts.Names)
        {
            Assert.True(CertificateNames.IsKnown(fact.Subject), fact.Subject);
            Assert.Contains(".md", fact.Source);
        }

        Assert.Contains(".md", ClusterVersionFacts.BulkCertificateUpdate.Source);
        Assert.Equal("release-notes/rs-8-0-releases/rs-8-0-20-68.md", ClusterVersionFacts.MixedInternodeUpdate.Source);
        Assert.Equal("release-notes/rs-8-0-releases/rs-8-0-20-96.md", ClusterVersionFacts.InternodeApiOutage.Source);
    }

    [Fact]
    public void The_lowest_node_is_the_cluster_version()
    {
        var nodes = new[]
        {
            new NodeInfo(1, "10.0.0.1", "active", "8.0.20-96"),
            new NodeInfo(2, "10.0.0.2", "active", "7.22.2-179"),
            new NodeInfo(3, "10.0.0.3", "active", "8.0.6-54"),
        };
        Assert.Equal("7.22.2-179", ClusterVersionReader.Lowest(nodes, out string? problem));
        Assert.Null(problem);
    }

    [Fact]
    public void A_node_without_a_readable_version_makes_the_version_unknown()
    {
        var nodes = new[] { new NodeInfo(1, null, "active", "8.0.20-96"), new NodeInfo(2, null, "active", null) };
        Assert.Null(ClusterVersionReader.Lowest(nodes, out string? problem));
        Assert.Contains("node 2", problem);
        Assert.Null(ClusterVersionReader.Lowest(new[] { new NodeInfo(1, null, null, "eight") }, out problem));
        Assert.Contains("'eight'", problem);
        Assert.Null(ClusterVersionReader.Lowest(Array.Empty<NodeInfo>(), out _));
    }
}
