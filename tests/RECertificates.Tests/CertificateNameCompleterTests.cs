using RECertificates.Completion;

namespace RECertificates.Tests;

/// <summary>What Tab may insert: names come from the cluster, which may be hostile, and become code once accepted.</summary>
public class CertificateNameCompleterTests
{
    [Theory]
    [InlineData("proxy", true)]
    [InlineData("metrics_exporter", true)]
    [InlineData("future_name_2", true)]
    [InlineData("ldap_x;Remove-Item -Recurse ~", false)]
    [InlineData("proxy$(whoami)", false)]
    [InlineData("Proxy", false)]
    [InlineData("metrics-exporter", false)]
    [InlineData("a b", false)]
    [InlineData("'x'", false)]
    [InlineData("", false)]
    public void Offers_only_names_spelled_as_valid_certificate_names(string name, bool offered)
    {
        Assert.Equal(offered, CertificateNameCompleter.IsOfferable(name));
    }

    [Theory]
    [InlineData("pro", "proxy")]
    [InlineData("'pro", "'proxy'")]
    [InlineData("\"pro", "\"proxy\"")]
    [InlineData("", "proxy")]
    public void Inserts_the_name_in_the_quotes_the_user_opened(string word, string expected)
    {
        Assert.Equal(expected, CertificateNameCompleter.CompletionText("proxy", word));
    }
}
