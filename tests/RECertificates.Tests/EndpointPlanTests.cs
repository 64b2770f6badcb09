using System.Net;
using RECertificates.Cluster;
using RECertificates.Serving;

namespace RECertificates.Tests;

/// <summary>
/// The plan of endpoints Get-REServedCertificate and -Verify read, from the three answers as a cluster gives them
/// (GET /v1/nodes, /v1/cluster, /v1/bdbs), read through ClusterClient so the JSON shapes are part of the test.
/// </summary>
public class EndpointPlanTests
{
    private const string Nodes = """
        [{"uid":1,"addr":"10.0.0.1","external_addr":["203.0.113.1"],"status":"active","software_version":"7.22.2-54"},
         {"uid":2,"addr":"10.0.0.2","external_addr":[],"status":"active","software_version":"7.22.2-54"},
         {"uid":3,"external_addr":["203.0.113.3"],"status":"active","software_version":"7.22.2-54"}]
        """;

    private const string Cluster = """{"name":"c1.example.com","cnm_https_port":19443,"cm_port":18443}""";

    private const string Databases = """
        [{"uid":1,"name":"tls-db","tls_mode":"enabled","endpoints":[
            {"dns_name":"redis-12000.c1.example.com","port":12000,"addr":["10.0.0.1","10.0.0.2"],"addr_type":"internal"},
            {"dns_name":"redis-12000.c1.example.com","port":12000,"addr":["10.0.0.2"],"addr_type":"internal"}]},
         {"uid":2,"name":"plain-db","tls_mode":"disabled","endpoints":[{"port":12001,"addr":["10.0.0.1"],"addr_type":"internal"}]},
         {"uid":3,"name":"replica-db","tls_mode":"replica_ssl","endpoints":[{"port":12002,"addr":["203.0.113.3","198.51.100.9"],"addr_type":"external"}]},
         {"uid":4,"name":"old-db","endpoints":[{"port":12003,"addr":["10.0.0.1"]}]}]
        """;

    private static async Task<(IReadOnlyList<NodeInfo>, ClusterPorts, IReadOnlyList<DatabaseInfo>)> ReadAsync(string nodes, string cluster, string databases)
    {
        var handler = new FakeClusterHandler()
            .Answer(HttpStatusCode.OK, nodes)
            .Answer(HttpStatusCode.OK, cluster)
            .Answer(HttpStatusCode.OK, databases);
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);
        var result = (await client.GetNodesAsync(NullCallLog.Instance, CancellationToken.None),
            await client.GetClusterPortsAsync(NullCallLog.Instance, CancellationToken.None),
            await client.GetDatabasesAsync(NullCallLog.Instance, CancellationToken.None));
        Assert.Equal(["v1/nodes", "v1/cluster", "v1/bdbs"], handler.Requests.Select(r => r.Uri.AbsolutePath.TrimStart('/')).ToArray());
        return result;
    }

    private static string[] Show(IEnumerable<ServedEndpoint> endpoints) =>
        endpoints.Select(e => $"{e.Name} {e.NodeUid?.ToString() ?? "-"} {e.Address}:{e.Port}").ToArray();

    [Fact]
    public async Task Every_node_on_the_cluster_s_ports_and_every_address_of_each_TLS_database()
    {
        var (nodes, ports, databases) = await ReadAsync(Nodes, Cluster, Databases);

        IReadOnlyList<ServedEndpoint> plan = EndpointPlan.Make(nodes, ports, databases, null, null);

        Assert.Equal(
        [
            "api 1 10.0.0.1:19443", "api 2 10.0.0.2:19443", "api 3 203.0.113.3:19443",
            "cm 1 10.0.0.1:18443", "cm 2 10.0.0.2:18443", "cm 3 203.0.113.3:18443",
            "metrics_exporter 1 10.0.0.1:8070", "metrics_exporter 2 10.0.0.2:8070", "metrics_exporter 3 203.0.113.3:8070",
            // tls_mode disabled (12001) and absent (12003) are left out; replica_ssl is TLS; an address no node
            // lists keeps no node; an address twice in the endpoints is read once.
            "proxy 1 10.0.0.1:12000", "proxy 2 10.0.0.2:12000", "proxy 3 203.0.113.3:12002", "proxy - 198.51.100.9:12002",
        ], Show(plan));
    }

    [Fact]
    public async Task Falls_back_to_the_documented_ports_when_the_cluster_reports_none()
    {
        var (nodes, ports, databases) = await ReadAsync("""[{"uid":1,"addr":"10.0.0.1"}]""", """{"name":"c1"}""", "[]");

        Assert.Equal(["api 1 10.0.0.1:9443", "cm 1 10.0.0.1:8443", "metrics_exporter 1 10.0.0.1:8070"],
            Show(EndpointPlan.Make(nodes, ports, databases, null, null)));
    }

    [Fact]
    public async Task Port_overrides_a_name_s_port_and_for_proxy_every_database_endpoint_s()
    {
        var (nodes, ports, databases) = await ReadAsync(Nodes, Cluster, Databases);
        var overrides = new Dictionary<string, int> { ["metrics_exporter"] = 18070, ["proxy"] = 16379 };

        string[] plan = Show(EndpointPlan.Make(nodes, ports, databases, overrides, name => name is "metrics_exporter" or "proxy"));

        Assert.Equal(
        [
            "metrics_exporter 1 10.0.0.1:18070", "metrics_exporter 2 10.0.0.2:18070", "metrics_exporter 3 203.0.113.3:18070",
            "proxy 1 10.0.0.1:16379", "proxy 2 10.0.0.2:16379", "proxy 3 203.0.113.3:16379", "proxy - 198.51.100.9:16379",
        ], plan);
    }

    [Fact]
    public async Task Only_the_names_asked_for()
    {
        var (nodes, ports, databases) = await ReadAsync(Nodes, Cluster, Databases);

        Assert.Equal(["cm 1 10.0.0.1:18443", "cm 2 10.0.0.2:18443", "cm 3 203.0.113.3:18443"],
            Show(EndpointPlan.Make(nodes, ports, databases, null, name => name == "cm")));
    }

    [Theory]
    [InlineData("enabled", true)]
    [InlineData("replica_ssl", true)]
    [InlineData("disabled", false)]
    [InlineData("DISABLED", false)]
    [InlineData(null, false)]
    public void A_database_serves_TLS_unless_its_tls_mode_is_disabled_or_absent(string? mode, bool tls) =>
        Assert.Equal(tls, EndpointPlan.ServesTls(new DatabaseInfo(1, "db", mode, [])));
}
