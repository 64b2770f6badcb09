using RECertificates.Cluster;

namespace RECertificates.Tests;

public class RequestPlanTests
{
    private static readonly SoftwareVersion Affected = SoftwareVersion.Parse("7.22.2-54");
    private static readonly SoftwareVersion MixFixed = SoftwareVersion.Parse("8.0.20-68");
    private static readonly SoftwareVersion AllFixed = SoftwareVersion.Parse("8.0.20-96");

    private static RequestPlan<string> Plan(string[] names, UpdateEndpoint endpoint, SoftwareVersion? version, params string[] unchanged) =>
        RequestPlan.Make(names, n => n, unchanged.Contains, endpoint, version);

    private static string[][] Requests(RequestPlan<string> plan) => plan.Requests.Select(r => r.Items.ToArray()).ToArray();

    [Fact]
    public void Puts_everything_in_one_request_when_no_defect_applies()
    {
        var plan = Plan(["ccs_internode_encryption", "cm", "proxy"], UpdateEndpoint.AllInOne, MixFixed);
        Assert.Equal([["ccs_internode_encryption", "cm", "proxy"]], Requests(plan));
        Assert.DoesNotContain(plan.Notes, n => n.Contains("RS199373"));
    }

    [Fact]
    public void Sends_ccs_internode_encryption_alone_and_last_on_versions_with_RS199373()
    {
        var plan = Plan(["ccs_internode_encryption", "cm", "data_internode_encryption", "proxy"], UpdateEndpoint.AllInOne, Affected);
        Assert.Equal([["cm", "data_internode_encryption", "proxy"], ["ccs_internode_encryption"]], Requests(plan));
        Assert.Contains(plan.Notes, n => n.Contains("RS199373") && n.Contains("'ccs_internode_encryption' goes in a request of its own"));
    }

    [Fact]
    public void Does_not_split_ccs_internode_encryption_alone()
    {
        var plan = Plan(["ccs_internode_encryption"], UpdateEndpoint.AllInOne, Affected);
        Assert.Equal([["ccs_internode_encryption"]], Requests(plan));
        Assert.DoesNotContain(plan.Notes, n => n.Contains("RS199373"));
    }

    [Fact]
    public void Does_not_split_for_an_unknown_version()
    {
        var plan = Plan(["ccs_internode_encryption", "proxy"], UpdateEndpoint.AllInOne, null);
        Assert.Equal([["ccs_internode_encryption", "proxy"]], Requests(plan));
        Assert.Empty(plan.Notes);
        Assert.All(plan.Requests, r => Assert.Null(r.WaitForApiAfter));
    }

    [Fact]
    public void Waits_for_the_API_after_an_internode_request_on_versions_with_RS208996()
    {
        var plan = Plan(["ccs_internode_encryption", "proxy"], UpdateEndpoint.AllInOne, Affected);
        Assert.Null(plan.Requests[0].WaitForApiAfter);
        Assert.Equal("RS208996", plan.Requests[1].WaitForApiAfter?.Id);
        Assert.Contains(plan.Notes, n => n.Contains("RS208996"));

        var between = Plan(["data_internode_encryption", "proxy"], UpdateEndpoint.AllInOne, MixFixed);
        Assert.Equal("RS208996", between.Requests.Single().WaitForApiAfter?.Id);

        var fixedOnes = Plan(["data_internode_encryption", "proxy"], UpdateEndpoint.AllInOne, AllFixed);
        Assert.Null(fixedOnes.Requests.Single().WaitForApiAfter);
        Assert.Empty(fixedOnes.Notes);
    }

    [Fact]
    public void Drops_what_the_cluster_already_holds()
    {
        var plan = Plan(["ccs_internode_encryption", "cm", "proxy"], UpdateEndpoint.AllInOne, Affected, "ccs_internode_encryption", "cm");
        Assert.Equal(["ccs_internode_encryption", "cm"], plan.Unchanged);
        Assert.Equal([["proxy"]], Requests(plan));
        Assert.Empty(plan.Notes);
    }

    [Fact]
    public void Sends_nothing_when_nothing_changes()
    {
        var plan = Plan(["cm", "proxy"], UpdateEndpoint.AllInOne, Affected, "cm", "proxy");
        Assert.Empty(plan.Requests);
        Assert.Empty(plan.Changed);
    }

    [Fact]
    public void Sends_one_request_per_certificate_on_the_legacy_endpoint_waiting_after_each_internode_one()
    {
        var plan = Plan(["ccs_internode_encryption", "cm", "proxy"], UpdateEndpoint.OneByOne, Affected, "cm");
        Assert.Equal([["ccs_internode_encryption"], ["proxy"]], Requests(plan));
        Assert.Equal("RS208996", plan.Requests[0].WaitForApiAfter?.Id);
        Assert.Null(plan.Requests[1].WaitForApiAfter);
    }
}
