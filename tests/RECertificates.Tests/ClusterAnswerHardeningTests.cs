using System.Net;
using System.Text;
using RECertificates.Cluster;

namespace RECertificates.Tests;

/// <summary>Answers no well-behaved cluster gives (issue 23, items 2 and 5): read without trusting them, never a crash.</summary>
public class ClusterAnswerHardeningTests
{
    [Theory]
    [InlineData("[1]")]
    [InlineData("[{\"uid\":1.5,\"software_version\":\"7.22.2-54\"}]")]
    [InlineData("[{\"uid\":1099511627776,\"software_version\":\"7.22.2-54\"}]")]
    [InlineData("[{\"uid\":1,\"software_version\":\"\\u0667.22.2-54\"}]")]
    [InlineData("[{\"uid\":1,\"software_version\":7}]")]
    [InlineData("{\"nodes\":[]}")]
    [InlineData("[null, \"node\"]")]
    public async Task An_odd_nodes_answer_leaves_the_version_unknown_with_a_note(string body)
    {
        var handler = new FakeClusterHandler().Answer(HttpStatusCode.OK, body);
        using ClusterClient client = FakeClusterHandler.CreateClient(handler);
        var log = new RecordingLog();

        string? version = await ClusterVersionReader.ReadAsync(client, log, CancellationToken.None);

        Assert.Null(version);
        Assert.Contains(log.Verbose, m => m.Contains("software version", StringComparison.Ordinal) && m.Contains("unknown", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\u0667.22.2-54")]
    [InlineData("7.\u0662\u0662.2-54")]
    [InlineData("\uFF17.22.2")]
    public void A_version_with_digits_of_another_script_is_not_a_version(string text)
    {
        Assert.Null(SoftwareVersion.TryParse(text));
    }

    [Theory]
    [InlineData("{\"proxy_cert\":\"A\",\"proxy_cert\":\"B\"}", "proxy_cert")]
    [InlineData("{\"proxy_cert\":\"A\",\"proxy_key\":\"K1\",\"proxy_key\":\"K2\"}", "proxy_key")]
    [InlineData("{\"name\":\"x\",\"api_cert\":\"A\",\"name\":\"y\"}", "name")]
    public void An_answer_that_names_a_property_twice_is_refused(string body, string property)
    {
        foreach (bool withKeys in new[] { false, true })
        {
            var failure = Assert.Throws<REApiException>(() => ClusterClient.ReadCertificates(new ArraySegment<byte>(Encoding.UTF8.GetBytes(body)), withKeys, "GET /v1/cluster/certificates"));

            Assert.Equal("InvalidResponse", failure.ErrorId);
            Assert.Equal(FailureKind.InvalidResult, failure.Kind);
            Assert.Contains($"'{property}' twice", failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("K1", failure.Message, StringComparison.Ordinal);
        }
    }

    private sealed class RecordingLog : ICallLog
    {
        public List<string> Verbose { get; } = new List<string>();

        public bool IsDebugEnabled => false;

        void ICallLog.Verbose(string message) => Verbose.Add(message);

        public void Debug(string message)
        {
        }

        public void Progress(string activity, string? status)
        {
        }
    }
}
