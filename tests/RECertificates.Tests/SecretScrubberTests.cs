using System.Buffers;
using System.Text;
using System.Text.Json;
using RECertificates.Cluster;

namespace RECertificates.Tests;

/// <summary>What the module shows of text it did not write: a cluster's error words, and -Debug bodies.</summary>
public class SecretScrubberTests
{
    private static readonly TestCertificates.Issued Proxy = TestCertificates.Rsa();

    [Fact]
    public void A_cluster_description_that_echoes_the_request_body_loses_the_key_and_is_capped()
    {
        string key = Proxy.Pkcs8Pem;
        string echoed = JsonSerializer.Serialize(new { error_code = "invalid", description = $"bad input: {{\"name\":\"proxy\",\"certificate\":\"{Proxy.CertificatePem}\",\"key\":\"{key}\"}}" });

        ClusterErrorBody parsed = ClusterErrorBody.Parse(Encoding.UTF8.GetBytes(echoed));

        Assert.DoesNotContain("PRIVATE KEY", parsed.Description);
        Assert.DoesNotContain(key.Split('\n')[1], parsed.Description);
        Assert.StartsWith("bad input:", parsed.Description);
        Assert.True(parsed.Description!.Length <= SecretScrubber.MaximumMessageLength + 3);

        REApiException exception = StatusMapping.ToException(ClusterOperation.UpdateCertificates, 400, parsed, "Cluster 'c'", "certificate 'proxy'", "admin", 1);
        Assert.DoesNotContain("PRIVATE KEY", exception.Message);
        Assert.DoesNotContain(key.Split('\n')[2], exception.Message);
        Assert.Contains("bad input:", exception.Message);
    }

    [Theory]
    [InlineData("login failed: password=Hunter2Secret for admin", "Hunter2Secret")]
    [InlineData("{\"smtp_password\": \"Hunter2Secret\"} rejected", "Hunter2Secret")]
    [InlineData("token: Hunter2Secret", "Hunter2Secret")]
    [InlineData("-----BEGIN RSA PRIVATE KEY MIIEowIBAAKCAQEAHunter2SecretHunter2SecretHunter2Secret", "MIIEowIBAAKCAQEA")]
    [InlineData("body was MIIEowIBAAKCAQEAu9xKp2Q7vL0tWzY3mN8bR4cF6dH1jS5aE0gT2yU7iO9", "MIIEowIBAAKCAQEA")]
    public void Secret_looking_fields_pem_and_long_base64_never_reach_a_message(string description, string secret)
    {
        ClusterErrorBody parsed = ClusterErrorBody.Parse(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { description })));

        Assert.DoesNotContain(secret, parsed.Description);
        Assert.Contains(SecretScrubber.Placeholder, parsed.Description);
    }

    [Fact]
    public void A_plain_text_answer_is_scrubbed_as_well()
    {
        ClusterErrorBody parsed = ClusterErrorBody.Parse(Encoding.UTF8.GetBytes("proxy error, request was " + Proxy.Pkcs8Pem));

        Assert.DoesNotContain("PRIVATE KEY", parsed.Description);
        Assert.StartsWith("proxy error, request was", parsed.Description);
    }

    [Fact]
    public void A_request_body_holds_the_key_as_correct_json_and_leaves_no_copy_in_the_shared_pools()
    {
        // A marker the key would never hold, made unmistakable for the scan below.
        string key = Proxy.Pkcs8Pem.Replace("-----END", "\"quote\\back\tslash\u0001é-----END");
        using var secure = TestCertificates.Secure(key);
        var uploads = new[] { new ClusterCertificateEntry("proxy", Proxy.CertificatePem, secure) };

        byte[] written;
        using (ClearingBufferWriter body = ClusterClient.WriteCertificatesBody(uploads))
        {
            written = body.WrittenSegment.ToArray();
        }

        // Utf8JsonWriter escapes long strings through ArrayPool buffers it returns uncleared; the key must not be
        // in any of them. Renting on this thread hands back what was just returned. Scanned before anything else
        // (parsing the body below) touches the pools.
        string line = key.Split('\n')[1];
        for (int size = 16; size <= 64 * 1024; size *= 2)
        {
            char[] chars = ArrayPool<char>.Shared.Rent(size);
            byte[] bytes = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                Assert.DoesNotContain(line, new string(chars));
                Assert.DoesNotContain(line, Encoding.ASCII.GetString(bytes));
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }

        using JsonDocument document = JsonDocument.Parse(written);
        JsonElement certificate = document.RootElement.GetProperty("certificates")[0];
        Assert.Equal("proxy", certificate.GetProperty("name").GetString());
        Assert.Equal(Proxy.CertificatePem, certificate.GetProperty("certificate").GetString());
        Assert.Equal(key, certificate.GetProperty("key").GetString());
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c\nd\re\tf", "\"a\\\"b\\\\c\\nd\\re\\tf\"")]
    [InlineData("\u0001é", "\"\\u0001\\u00E9\"")]
    public void Escapes_a_secret_as_a_json_string(string value, string expected)
    {
        byte[] escaped = new byte[JsonSecretString.EscapedLength(value)];
        int written = JsonSecretString.Escape(value, escaped);

        Assert.Equal(expected, Encoding.ASCII.GetString(escaped, 0, written));
        Assert.Equal(value, JsonSerializer.Deserialize<string>(escaped));
    }
}
