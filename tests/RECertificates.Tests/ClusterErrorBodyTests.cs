using System.Text;
using RECertificates.Cluster;

namespace RECertificates.Tests;

public class ClusterErrorBodyTests
{
    [Theory]
    [InlineData("{\"error_code\":\"invalid_certificate\",\"description\":\"Bad PEM\"}", "invalid_certificate", "Bad PEM")]
    [InlineData("{\"error_code\":\"expired\",\"message\":\"It expired\"}", "expired", "It expired")]
    [InlineData("{\"description\":\"only a description\"}", null, "only a description")]
    [InlineData("plain text failure", null, "plain text failure")]
    [InlineData("{\"other\":1}", null, "{\"other\":1}")]
    [InlineData("", null, null)]
    public void Reads_error_code_then_description_then_message_then_raw_text(string body, string? code, string? description)
    {
        ClusterErrorBody parsed = ClusterErrorBody.Parse(Encoding.UTF8.GetBytes(body));
        Assert.Equal(code, parsed.ErrorCode);
        Assert.Equal(description, parsed.Description);
    }

    [Fact]
    public void Shortens_a_long_raw_answer()
    {
        ClusterErrorBody parsed = ClusterErrorBody.Parse(Encoding.UTF8.GetBytes(new string('x', 5000)));
        Assert.True(parsed.Description!.Length < 400);
        Assert.EndsWith("...", parsed.Description);
    }
}
