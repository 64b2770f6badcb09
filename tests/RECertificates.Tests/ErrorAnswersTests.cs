using System.Net.Http;
using System.Text;
using RECertificates.Cluster;
using RECertificates.Sessions;

namespace RECertificates.Tests;

/// <summary>
/// The wording stage alone: which error answers are a refused login (LoginRefusal's words, by how the session logs
/// in) and which are what the status means for that endpoint (StatusMapping's).
/// </summary>
public class ErrorAnswersTests
{
    private static readonly ClusterErrorBody Said = ClusterErrorBody.Parse(new ArraySegment<byte>(Encoding.UTF8.GetBytes("{\"error_code\":\"x\",\"description\":\"node 3 failed\"}")));

    private static ErrorAnswers Basic() => new(FakeClusterHandler.Settings());

    private static ErrorAnswers Certificate() =>
        new(new ClusterConnectionSettings(new Uri("https://c1.example.com:9443/"), TestCertificates.Rsa().Certificate, new ServerCertificateTrust(false, [])));

    private static ClusterRequest Read(ClusterOperation operation) => StageScript.Request(HttpMethod.Get, operation: operation, subject: "the certificates");

    [Theory]
    [InlineData(nameof(ClusterOperation.ReadCluster))]
    [InlineData(nameof(ClusterOperation.ReadCertificates))]
    [InlineData(nameof(ClusterOperation.UpdateCertificates))]
    public void A_401_is_a_refused_login_whatever_was_asked(string operation)
    {
        REApiException failure = Basic().Explain(Read(Enum.Parse<ClusterOperation>(operation)), 401, Said, 1);

        Assert.Equal("AuthenticationFailed", failure.ErrorId);
        Assert.Contains("refused the credential of 'ops@example.com' (401 Unauthorized)", failure.Message);
        Assert.Contains("five failed logins", failure.Message);
        Assert.DoesNotContain("Passw0rd", failure.Message);
    }

    [Fact]
    public void A_certificate_sessions_403_to_a_cluster_read_tells_what_certificate_login_needs()
    {
        REApiException failure = Certificate().Explain(Read(ClusterOperation.ReadCluster), 403, Said, 1);

        Assert.Equal("PermissionDenied", failure.ErrorId);
        Assert.Contains("Certificate login needs three things", failure.Message);
    }

    [Fact]
    public void A_certificate_sessions_403_to_another_read_is_what_the_status_means_there()
    {
        REApiException failure = Certificate().Explain(Read(ClusterOperation.ReadCertificates), 403, Said, 1);

        Assert.Equal("PermissionDenied", failure.ErrorId);
        Assert.DoesNotContain("Certificate login", failure.Message);
        Assert.Contains("permission for the certificates (403 Forbidden)", failure.Message);
    }

    [Fact]
    public void A_basic_sessions_403_to_a_cluster_read_is_a_missing_permission_not_a_refused_login()
    {
        REApiException failure = Basic().Explain(Read(ClusterOperation.ReadCluster), 403, Said, 1);

        Assert.Equal("PermissionDenied", failure.ErrorId);
        Assert.Contains("denied 'ops@example.com' permission", failure.Message);
    }

    [Fact]
    public void Names_the_cluster_the_subject_and_the_attempts_and_quotes_the_cluster()
    {
        REApiException failure = Basic().Explain(StageScript.Request(HttpMethod.Put, "v1/cluster/certificates", subject: "certificate 'proxy'"), 409, Said, 4);

        Assert.Equal("ClusterPartiallyUpdated", failure.ErrorId);
        Assert.Equal(409, failure.StatusCode);
        Assert.StartsWith("Cluster 'c1' (https://c1.example.com:9443/) could not update certificate 'proxy' on every node (409 Conflict) after 4 attempt(s)", failure.Message);
        Assert.Contains("The cluster said: node 3 failed", failure.Message);
    }
}
