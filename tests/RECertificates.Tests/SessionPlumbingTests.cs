using System.Net;
using System.Security;
using System.Text;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Sessions;

namespace RECertificates.Tests;

public class SessionPlumbingTests
{
    [Fact]
    public void The_default_session_belongs_to_one_runspace()
    {
        object runspaceA = new(), runspaceB = new();
        RESession session = NewSession();

        DefaultSessionStore.Set(runspaceA, session);

        Assert.Same(session, DefaultSessionStore.Get(runspaceA));
        Assert.Null(DefaultSessionStore.Get(runspaceB));
        Assert.False(DefaultSessionStore.ClearIf(runspaceA, NewSession()));
        Assert.True(DefaultSessionStore.ClearIf(runspaceA, session));
        Assert.Null(DefaultSessionStore.Get(runspaceA));
    }

    [Fact]
    public void A_session_shows_no_secret_and_refuses_use_once_closed()
    {
        RESession session = NewSession();
        session.ClusterName = "c1.example.com";

        Assert.Equal("ops@example.com@c1.example.com (https://c1.example.com:9443/)", session.ToString());
        Assert.DoesNotContain(typeof(RESession).GetProperties(), p => p.PropertyType == typeof(SecureString) || p.Name.Contains("Password"));

        session.Dispose();
        Assert.False(session.IsConnected);
        // A closed session is a local failure: the disposed-object exception .NET uses, not one of the cluster's answers.
        ObjectDisposedException closed = Assert.ThrowsAny<ObjectDisposedException>(() => session.Client);
        Assert.IsNotType<REApiException>(closed);
        Assert.Contains("was closed by Disconnect-RECluster", closed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_basic_header_is_built_without_leaving_the_password_behind()
    {
        var password = new SecureString();
        foreach (char c in "pä:ss")
        {
            password.AppendChar(c);
        }

        var header = BasicAuthorization.Create("ops@example.com", password);
        Assert.Equal("Basic", header.Scheme);
        Assert.Equal("ops@example.com:pä:ss", Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter!)));
    }

    [Fact]
    public void The_body_buffer_is_wiped_when_it_grows_and_when_disposed()
    {
        var buffer = new ClearingBufferWriter(256);
        Span<byte> first = buffer.GetSpan(10);
        "SECRETKEY"u8.CopyTo(first);
        buffer.Advance(9);
        byte[] before = buffer.WrittenSegment.Array!;

        buffer.GetSpan(10_000);
        Assert.All(before, b => Assert.Equal(0, b));
        Assert.Equal("SECRETKEY", Encoding.ASCII.GetString(buffer.WrittenSegment));

        byte[] after = buffer.WrittenSegment.Array!;
        buffer.Dispose();
        Assert.All(after, b => Assert.Equal(0, b));
    }

    private static RESession NewSession()
    {
        var handler = new FakeClusterHandler();
        return new RESession(FakeClusterHandler.CreateClient(handler), 100, 3);
    }
}

public class ParsedChainCacheTests
{
    [Fact]
    public void Parses_a_chain_once_and_gives_each_certificate_object_its_own_facts()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=cache.test", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var builder = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        builder.AddDnsName("cache.test");
        request.CertificateExtensions.Add(builder.Build());
        string pem = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10)).ExportCertificatePem();

        ChainFacts first = ParsedChainCache.GetOrParse(pem, "test");
        ChainFacts second = ParsedChainCache.GetOrParse(new string(pem.ToCharArray()), "test");
        Assert.Same(first, second);

        var entry = new ClusterCertificateEntry("proxy", pem, false, null);
        RECertificate a = RECertificate.FromClusterEntry(entry, "c1", null, DateTime.UtcNow);
        RECertificate b = RECertificate.FromClusterEntry(entry, "c1", null, DateTime.UtcNow.AddDays(3));
        a.DnsNames[0] = "changed";
        Assert.Equal("cache.test", b.DnsNames[0]);
        Assert.Equal(a.DaysRemaining - 3, b.DaysRemaining);
        Assert.Equal(first.Thumbprint, a.Thumbprint);
    }
}

public class DefaultsTests
{
    [Fact]
    public void The_fan_out_cmdlets_share_one_throttle_default()
    {
        Assert.Equal(FanOut.DefaultThrottle, new RECertificates.Commands.ConnectREClusterCommand().ThrottleLimit);
        Assert.Equal(FanOut.DefaultThrottle, new RECertificates.Commands.GetRECertificateCommand().ThrottleLimit);
    }
}
