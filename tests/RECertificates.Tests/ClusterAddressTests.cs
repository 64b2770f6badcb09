using RECertificates.Sessions;

namespace RECertificates.Tests;

public class ClusterAddressTests
{
    [Theory]
    [InlineData("cluster.example.com", "https://cluster.example.com:9443/")]
    [InlineData("  cluster.example.com  ", "https://cluster.example.com:9443/")]
    [InlineData("cluster.example.com:8080", "https://cluster.example.com:8080/")]
    [InlineData("https://cluster.example.com", "https://cluster.example.com:9443/")]
    [InlineData("https://cluster.example.com:443", "https://cluster.example.com/")]
    [InlineData("https://cluster.example.com:9443/v1/cluster?x=1", "https://cluster.example.com:9443/")]
    [InlineData("10.0.0.5", "https://10.0.0.5:9443/")]
    [InlineData("[::1]", "https://[::1]:9443/")]
    [InlineData("[::1]:9000", "https://[::1]:9000/")]
    public void Turns_what_a_person_types_into_the_REST_API_address(string typed, string expected)
    {
        Assert.True(ClusterAddress.TryParse(typed, out Uri? uri, out string? problem), problem);
        Assert.Equal(expected, uri!.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("http://cluster.example.com", "does not use https")]
    [InlineData("ftp://cluster.example.com", "does not use https")]
    [InlineData("https://", "not a valid cluster address")]
    public void Refuses_what_cannot_be_a_cluster_address(string typed, string reason)
    {
        Assert.False(ClusterAddress.TryParse(typed, out Uri? uri, out string? problem));
        Assert.Null(uri);
        Assert.Contains(reason, problem);
    }

    [Theory]
    [InlineData("https://admin:S3cretPw@cluster.example.com")]
    [InlineData("admin:S3cretPw@cluster.example.com:9443")]
    [InlineData("https://S3cretPw@cluster.example.com/v1")]
    [InlineData("http://admin:S3cretPw@cluster.example.com")]
    [InlineData("https://admin:S3cretPw@")]
    public void Refuses_an_address_with_user_info_without_repeating_it(string typed)
    {
        Assert.False(ClusterAddress.TryParse(typed, out Uri? uri, out string? problem));
        Assert.Null(uri);
        Assert.DoesNotContain("S3cretPw", problem);
        Assert.Contains("-Credential", problem);
        Assert.DoesNotContain("S3cretPw", ClusterAddress.WithoutUserInfo(typed));
    }

    [Fact]
    public void Tells_a_proxy_address_with_user_info()
    {
        Assert.True(ClusterAddress.HasUserInfo(new Uri("http://u:p@proxy.example.com:3128")));
        Assert.False(ClusterAddress.HasUserInfo(new Uri("http://proxy.example.com:3128")));
    }
}
