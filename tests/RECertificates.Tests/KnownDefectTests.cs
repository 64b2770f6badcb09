using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Tests;

/// <summary>Each known defect at its edge versions (the last affected, the first fixed), and what its rule makes of a certificate.</summary>
public class KnownDefectTests
{
    public static TheoryData<string, string, string> Edges() => new()
    {
        { "RS61676", "7.2.4-92", "NotAffected" },
        { "RS61676", "7.4.0", "Affected" },
        { "RS61676", "7.4.6-999", "Affected" },
        { "RS61676", "7.8.2-34", "NotAffected" },
        { "RS125930", "7.4.2-215", "Affected" },
        { "RS125930", "7.4.2-216", "NotAffected" },
        { "RS154601 / RS122668", "7.8.6-35", "Affected" },
        { "RS154601 / RS122668", "7.8.6-36", "NotAffected" },
        { "RS154601 / RS122668", "7.22.0-94", "Affected" },
        { "RS154601 / RS122668", "7.22.0-95", "NotAffected" },
        { "RS162972", "7.8.3-999", "NotAffected" },
        { "RS162972", "7.22.2-13", "Affected" },
        { "RS162972", "7.22.2-14", "NotAffected" },
        { "RS162972", "8.0.2-16", "Affected" },
        { "RS162972", "8.0.2-17", "NotAffected" },
        { "RS176474", "7.22.0-250", "NotAffected" },
        { "RS176474", "7.22.2-78", "Affected" },
        { "RS176474", "7.22.2-79", "NotAffected" },
        { "RS176474", "8.0.10-63", "Affected" },
        { "RS176474", "8.0.10-64", "NotAffected" },
        { "RS194253", "8.0.20-67", "Affected" },
        { "RS194253", "8.0.20-68", "NotAffected" },
        { "RS194253", "8.2.0-46", "FixNotRecorded" },
        { "RS199373", "8.0.20-67", "Affected" },
        { "RS199373", "8.0.20-68", "NotAffected" },
        { "RS199373", "8.2.0-25", "FixNotRecorded" },
        { "RS208996", "8.0.20-95", "Affected" },
        { "RS208996", "8.0.20-96", "NotAffected" },
        { "RS208996", "8.2.0-25", "FixNotRecorded" },
        { "RS193156", "8.0.16-32", "NotAffected" },
        { "RS193156", "8.0.16-33", "Affected" },
        { "RS193156", "8.0.18-22", "Affected" },
        { "RS193156", "8.0.18-23", "NotAffected" },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Each_defect_affects_exactly_its_versions(string id, string version, string expected) =>
        Assert.Equal(expected, ClusterVersionFacts.Defects.Single(d => d.Id == id).StatusIn(SoftwareVersion.Parse(version)).ToString());

    [Fact]
    public void An_unknown_version_has_no_defect() =>
        Assert.All(ClusterVersionFacts.Defects, d => Assert.Equal(DefectStatus.NotAffected, d.StatusIn(null)));

    [Fact]
    public void Every_row_cites_its_release_notes() =>
        Assert.All(ClusterVersionFacts.Defects, d => Assert.Contains("release-notes/", d.Source));

    private static CertificateInput Input(string name, string pem) => new(name, pem, null, name);

    private static ClusterTarget On(string version) => new("cluster.example.com", "cluster.example.com", "cluster.example.com", version, checkNames: false);

    private static List<(bool IsError, ValidationIssue Issue)> Issues(string name, X509Certificate2[] chain, string version) =>
        KnownDefectRules.Check(Input(name, TestCertificates.Pem(chain)), chain, On(version)).ToList();

    [Fact]
    public void RS176474_refuses_an_internode_certificate_without_clientAuth_on_the_versions_it_brings_down()
    {
        var leaf = TestCertificates.Rsa(options: new TestCertificates.Options { Usages = ["1.3.6.1.5.5.7.3.1"] });
        var issues = Issues("data_internode_encryption", [leaf.Certificate], "7.22.2-78");
        var issue = Assert.Single(issues);
        Assert.True(issue.IsError);
        Assert.Equal(IssueIds.KnownDefect, issue.Issue.Id);
        Assert.Contains("RS176474", issue.Issue.Message);
        Assert.Contains("7.22.2-78", issue.Issue.Message);
        Assert.Contains("clientAuth", issue.Issue.Message);
        Assert.Empty(Issues("data_internode_encryption", [leaf.Certificate], "7.22.2-79"));
        Assert.Empty(Issues("data_internode_encryption", [leaf.Certificate], "8.0.10-64"));
        Assert.True(Assert.Single(Issues("ccs_internode_encryption", [leaf.Certificate], "8.0.10-63")).IsError);

        var both = TestCertificates.Rsa();
        Assert.Empty(Issues("ccs_internode_encryption", [both.Certificate], "7.22.2-78"));
    }

    [Fact]
    public void RS194253_refuses_a_long_internode_chain_before_its_fix_and_only_warns_on_8_2()
    {
        var (root, intermediate, leaf) = TestCertificates.Chain();
        X509Certificate2[] three = [leaf.Certificate, intermediate.Certificate, root.Certificate];
        Assert.True(Assert.Single(Issues("ccs_internode_encryption", three, "8.0.20-67")).IsError);
        Assert.Empty(Issues("ccs_internode_encryption", three, "8.0.20-68"));
        var onTwo = Assert.Single(Issues("ccs_internode_encryption", three, "8.2.0-46"));
        Assert.False(onTwo.IsError);
        Assert.Contains("RS194253", onTwo.Issue.Message);
        Assert.Contains("do not say it carries the fix", onTwo.Issue.Message);
        Assert.Empty(Issues("ccs_internode_encryption", [leaf.Certificate, intermediate.Certificate], "8.0.20-67"));
        Assert.Empty(Issues("proxy", three, "8.0.20-67"));
    }

    [Fact]
    public void RS61676_refuses_a_chain_with_a_certificate_without_CN_on_7_4()
    {
        using RSA caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("O=Fit Tests, OU=No Common Name", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using RSA leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=syncer.example.com", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 leaf = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(20), new byte[] { 1, 2, 3, 4 });
        X509Certificate2[] chain = [leaf, ca];
        var root = (Certificate: ca, Unused: 0);
        var issue = Assert.Single(Issues("syncer", chain, "7.4.6-22"), i => i.Issue.Message.Contains("RS61676"));
        Assert.True(issue.IsError);
        Assert.DoesNotContain(Issues("syncer", chain, "7.8.2-34"), i => i.Issue.Message.Contains("RS61676"));
        Assert.DoesNotContain(Issues("mtls_trusted_ca", [root.Certificate, root.Certificate], "7.4.6-22"), i => i.Issue.Message.Contains("RS61676"));
    }

    [Fact]
    public void The_warn_rows_warn_on_the_names_they_concern()
    {
        var leaf = TestCertificates.Rsa();
        var proxy = Assert.Single(Issues("proxy", [leaf.Certificate], "7.22.0-94"));
        Assert.False(proxy.IsError);
        Assert.Contains("Get-REServedCertificate", proxy.Issue.Message);
        Assert.Empty(Issues("proxy", [leaf.Certificate], "7.22.0-95"));
        Assert.Contains("primary", Assert.Single(Issues("mtls_trusted_ca", [leaf.Certificate], "8.0.2-16")).Issue.Message);
        Assert.Contains("RS193156", Assert.Single(Issues("ldap_client", [leaf.Certificate], "8.0.16-33")).Issue.Message);
        Assert.Empty(Issues("ldap_client", [leaf.Certificate], "8.0.18-23"));
    }

    [Fact]
    public void RS125930_warns_about_extensions_the_cluster_may_not_know_before_its_fix()
    {
        var request = new CertificateRequest("CN=x.example", RSA.Create(2048), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.99999.1", new byte[] { 0x05, 0x00 }, false));
        using X509Certificate2 odd = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var issue = Assert.Single(Issues("syncer", [odd], "7.4.2-215"));
        Assert.False(issue.IsError);
        Assert.Contains("1.3.6.1.4.1.99999.1", issue.Issue.Message);
        Assert.Empty(Issues("syncer", [odd], "7.4.2-216"));
        Assert.Empty(Issues("syncer", [TestCertificates.Rsa().Certificate], "7.4.2-215"));
    }

    [Fact]
    public void A_fix_not_recorded_is_said_in_the_plans_notes()
    {
        var plan = RequestPlan.Make<string>(["api", "ccs_internode_encryption"], n => n, _ => false, UpdateEndpoint.AllInOne, SoftwareVersion.Parse("8.2.0-46"));
        Assert.Equal(2, plan.Requests.Count);
        Assert.Contains(plan.Notes, n => n.Contains("RS199373") && n.Contains("do not say it carries the fix"));
    }
}
