using System.Text;
using RECertificates.Cluster;

namespace RECertificates.Tests;

public class JsonRedactorTests
{
    private static string Redact(string json) => JsonRedactor.Redact(new ArraySegment<byte>(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Replaces_every_key_and_password_value()
    {
        string redacted = Redact("{\"certificates\":[{\"name\":\"proxy\",\"certificate\":\"C\",\"key\":\"-----BEGIN PRIVATE KEY-----abc\"}],\"api_key\":\"k2\",\"password\":\"p\",\"api_cert\":\"C2\"}");
        Assert.DoesNotContain("BEGIN PRIVATE KEY", redacted);
        Assert.DoesNotContain("\"k2\"", redacted);
        Assert.DoesNotContain("\"p\"", redacted);
        Assert.Contains("\"name\":\"proxy\"", redacted);
        Assert.Contains("\"api_cert\":\"C2\"", redacted);
        Assert.Equal(3, redacted.Split(JsonRedactor.Placeholder).Length - 1);
    }

    [Fact]
    public void A_private_key_under_an_unexpected_name_is_still_hidden()
    {
        string pem = "-----BEGIN RSA PRIVATE KEY-----\n" + new string('A', 200) + "\n-----END RSA PRIVATE KEY-----";
        string redacted = Redact("{\"blob\":\"" + pem.Replace("\n", "\\n") + "\"}");
        Assert.DoesNotContain("AAAA", redacted);
        Assert.Contains(JsonRedactor.Placeholder, redacted);
    }

    [Fact]
    public void Never_echoes_what_is_not_JSON()
    {
        Assert.Equal("<11 bytes, not JSON>", Redact("secret=abc{"));
    }

    [Fact]
    public void Replaces_every_key_of_a_certificate_list_with_the_placeholder_as_written()
    {
        string redacted = Redact("""{"api_cert":"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----","api_key":"-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"}""");

        Assert.Contains("\"api_key\":\"<redacted>\"", redacted);
        Assert.Contains("\"api_cert\":\"-----BEGIN CERTIFICATE-----", redacted);
        Assert.DoesNotContain("PRIVATE KEY", redacted);
        Assert.DoesNotContain("MIIE", redacted);
    }

    [Fact]
    public void Replaces_the_key_inside_an_update_body_and_keeps_the_rest()
    {
        string redacted = Redact("""{"certificates":[{"name":"proxy","certificate":"-----BEGIN CERTIFICATE-----","key":"-----BEGIN RSA PRIVATE KEY-----\nMIIE"}]}""");

        Assert.Equal("""{"certificates":[{"name":"proxy","certificate":"-----BEGIN CERTIFICATE-----","key":"<redacted>"}]}""", redacted);
    }

    [Fact]
    public void Replaces_passwords_and_long_values_that_hold_a_private_key_under_another_name()
    {
        string pem = "-----BEGIN PRIVATE KEY-----\n" + new string('A', 200) + "\n-----END PRIVATE KEY-----";
        string redacted = Redact($$"""{"password":"Passw0rd!","note":"{{pem.Replace("\n", "\\n")}}"}""");

        Assert.Equal("""{"password":"<redacted>","note":"<redacted>"}""", redacted);
    }

    [Fact]
    public void Never_echoes_a_body_that_is_not_json()
    {
        Assert.Equal("<27 bytes, not JSON>", Redact("-----BEGIN PRIVATE KEY-----"));
    }

    [Fact]
    public void Debug_redaction_goes_by_pattern_over_the_real_cluster_fields()
    {
        // Field names from the REST API reference of the cluster object (GET /v1/cluster).
        string json = """
            {"name":"cluster.local","cm_port":8443,"smtp_host":"mail.example.com","smtp_username":"mailer",
             "smtp_password":"Sm7pSecret","password_complexity":true,"password_min_length":8,
             "cluster_ssh_public_key":"ssh-rsa AAAAB3Nza","proxy_certificate":"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
             "s3_url":"https://s3.example.com","metrics_auth":false,"mask_bdb_credentials":true,
             "credentials":{"user":"u","pass":"Cr3dSecret"},"auth_token":"T0kenSecret","client_secret":"Cl1entSecret",
             "tokens":["Arr4ySecret"],"passphrase":"Phr4seSecret","email_from":"ops@example.com"}
            """;

        string redacted = Redact(json);

        foreach (string secret in new[] { "Sm7pSecret", "Cr3dSecret", "T0kenSecret", "Cl1entSecret", "Arr4ySecret", "Phr4seSecret" })
        {
            Assert.DoesNotContain(secret, redacted);
        }

        Assert.Contains("\"name\":\"cluster.local\"", redacted);
        Assert.Contains("\"cm_port\":8443", redacted);
        Assert.Contains("\"smtp_username\":\"mailer\"", redacted);
        Assert.Contains("\"smtp_host\":\"mail.example.com\"", redacted);
        Assert.Contains("\"password_complexity\":true", redacted);
        Assert.Contains("\"password_min_length\":8", redacted);
        Assert.Contains("\"metrics_auth\":false", redacted);
        Assert.Contains("\"proxy_certificate\":\"-----BEGIN CERTIFICATE-----", redacted);
        Assert.Contains("\"email_from\":\"ops@example.com\"", redacted);
        Assert.Contains("\"credentials\":{\"user\":\"<redacted>\",\"pass\":\"<redacted>\"}", redacted);
    }

    [Fact]
    public void A_short_private_key_under_an_innocent_name_is_hidden_too()
    {
        string redacted = Redact("{\"note\":\"-----BEGIN PRIVATE KEY-----\\nMIIE\"}");

        Assert.Equal("{\"note\":\"<redacted>\"}", redacted);
    }
}
