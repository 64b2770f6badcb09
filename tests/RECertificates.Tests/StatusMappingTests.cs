using System.Text;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Tests;

public class StatusMappingTests
{
    private static REApiException Map(ClusterOperation operation, int status, string body = "") =>
        StatusMapping.ToException(operation, status, ClusterErrorBody.Parse(Encoding.UTF8.GetBytes(body)), "Cluster 'c1' (https://c1:9443/)", "certificate 'proxy'", "ops@example.com", 1);

    [Theory]
    [InlineData(ClusterOperation.UpdateCertificates, 400, "InvalidCertificate", FailureKind.InvalidData)]
    [InlineData(ClusterOperation.UpdateCertificates, 403, "UnknownCertificate", FailureKind.InvalidArgument)]
    [InlineData(ClusterOperation.UpdateCertificates, 404, "EndpointNotSupported", FailureKind.NotImplemented)]
    [InlineData(ClusterOperation.UpdateCertificates, 405, "EndpointNotSupported", FailureKind.NotImplemented)]
    [InlineData(ClusterOperation.UpdateCertificates, 406, "CertificateExpired", FailureKind.InvalidData)]
    [InlineData(ClusterOperation.UpdateCertificates, 409, "ClusterPartiallyUpdated", FailureKind.PartiallyCompleted)]
    [InlineData(ClusterOperation.UpdateCertificateLegacy, 404, "InvalidCertificate", FailureKind.InvalidData)]
    [InlineData(ClusterOperation.DeleteCertificate, 403, "RequiredCertificate", FailureKind.PermissionDenied)]
    [InlineData(ClusterOperation.DeleteCertificate, 404, "CertificateNotFound", FailureKind.ObjectNotFound)]
    [InlineData(ClusterOperation.DeleteCertificate, 500, "CertificateDeleteFailed", FailureKind.InvalidResult)]
    [InlineData(ClusterOperation.ReadCertificates, 403, "PermissionDenied", FailureKind.PermissionDenied)]
    [InlineData(ClusterOperation.ReadCluster, 404, "EndpointNotFound", FailureKind.ObjectNotFound)]
    [InlineData(ClusterOperation.ReadCertificates, 503, "ClusterUnavailable", FailureKind.ResourceUnavailable)]
    [InlineData(ClusterOperation.ReadCertificates, 500, "ClusterError", FailureKind.ResourceUnavailable)]
    [InlineData(ClusterOperation.ReadCertificates, 418, "UnexpectedStatus", FailureKind.InvalidResult)]
    public void The_same_status_means_what_the_endpoint_says(object operation, int status, string errorId, object kind)
    {
        // object parameters: the enums are internal, and a public test method cannot name them.
        REApiException exception = Map((ClusterOperation)operation, status);
        Assert.Equal(errorId, exception.ErrorId);
        Assert.Equal((FailureKind)kind, exception.Kind);
        Assert.Equal(status, exception.StatusCode);
    }

    [Fact]
    public void A_403_that_says_permission_is_a_permission_error_even_on_a_write()
    {
        REApiException exception = Map(ClusterOperation.UpdateCertificates, 403, "{\"error_code\":\"insufficient_permissions\",\"description\":\"missing permission update_cluster\"}");
        Assert.Equal("PermissionDenied", exception.ErrorId);
        Assert.Equal("insufficient_permissions", exception.ErrorCode);
        Assert.Contains("update_cluster", exception.Message);
    }

    [Fact]
    public void Messages_name_the_cluster_and_certificate_and_say_what_to_do()
    {
        REApiException exception = Map(ClusterOperation.UpdateCertificates, 404);
        Assert.Contains("Cluster 'c1'", exception.Message);
        Assert.Contains("Update-RECertificateLegacy", exception.Message);
        Assert.Contains("certificate 'proxy'", Map(ClusterOperation.UpdateCertificates, 406, "{\"description\":\"expired\"}").Message);
        Assert.All(CertificateNames.AllOptional, name => Assert.Contains(name, Map(ClusterOperation.DeleteCertificate, 403).Message));
        Assert.Contains("expired", Map(ClusterOperation.UpdateCertificates, 406, "{\"description\":\"expired\"}").Description);
    }
}
