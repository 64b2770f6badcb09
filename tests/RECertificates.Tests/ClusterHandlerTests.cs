using System.Net.Http;
using System.Net.Security;
using System.Security;
using System.Security.Authentication;
using RECertificates.Cluster;
using RECertificates.Sessions;

namespace RECertificates.Tests;

/// <summary>
/// Windows PowerShell 5.1 may default to TLS 1.0, and ServicePointManager is shared by every module in the process:
/// so TLS versions and certificate trust are set on each session's own handler, and nowhere else.
/// </summary>
public class ClusterHandlerTests
{
    private static ClusterConnectionSettings Settings(bool skipCertificateCheck, params string[] pins) =>
        new(new Uri("https://cluster.example.com:9443/"), "admin@example.com", new SecureString(), new ServerCertificateTrust(skipCertificateCheck, pins));

    [Fact]
    public void Each_handler_enables_TLS_1_2_and_1_3_and_nothing_older()
    {
        using HttpClientHandler handler = ClusterHttpClientFactory.CreateHandler(Settings(false));
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, handler.SslProtocols);
    }

    [Fact]
    public void Each_handler_has_its_own_validation_callback_following_its_own_session()
    {
        TestCertificates.Issued certificate = TestCertificates.Rsa();
        using HttpClientHandler verifying = ClusterHttpClientFactory.CreateHandler(Settings(false));
        using HttpClientHandler skipping = ClusterHttpClientFactory.CreateHandler(Settings(true));
        using HttpClientHandler pinned = ClusterHttpClientFactory.CreateHandler(Settings(false, CertificatePins.Sha256Of(certificate.Certificate)));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://cluster.example.com:9443/v1/cluster");

        Assert.NotNull(verifying.ServerCertificateCustomValidationCallback);
        Assert.False(verifying.ServerCertificateCustomValidationCallback!(request, certificate.Certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(verifying.ServerCertificateCustomValidationCallback!(request, certificate.Certificate, null, SslPolicyErrors.None));
        Assert.True(skipping.ServerCertificateCustomValidationCallback!(request, certificate.Certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(pinned.ServerCertificateCustomValidationCallback!(request, certificate.Certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(pinned.ServerCertificateCustomValidationCallback!(request, TestCertificates.Rsa().Certificate, null, SslPolicyErrors.None));
    }

    [Fact]
    public void Each_handler_leaves_redirects_and_cookies_to_the_client()
    {
        using HttpClientHandler handler = ClusterHttpClientFactory.CreateHandler(Settings(false));
        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseCookies);
        Assert.False(handler.UseDefaultCredentials);
    }

    [Fact]
    public void The_module_never_references_ServicePointManager()
    {
        IEnumerable<string> referenced = ModuleAssemblyMetadata.ReferencedTypes.ToList();
        Assert.Contains("System.Net.Http.HttpClientHandler", referenced);
        Assert.DoesNotContain("System.Net.ServicePointManager", referenced);
        Assert.DoesNotContain("System.Net.SecurityProtocolType", referenced);
    }
}
