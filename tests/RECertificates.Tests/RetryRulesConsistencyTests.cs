using System.Security;
using System.Text.RegularExpressions;
using RECertificates.Cluster;
using RECertificates.Commands;
using RECertificates.Sessions;

namespace RECertificates.Tests;

/// <summary>
/// The retry rules are told in the code (RetryPolicy, the connection settings, Connect-RECluster's default) and in the
/// help (about_RECertificates, Connect-RECluster -MaximumRetryCount). These fail when a rule changes in one place only.
/// </summary>
public class RetryRulesConsistencyTests
{
    private const string About = "docs/en-US/about_RECertificates.md";
    private const string Connect = "docs/en-US/Connect-RECluster.md";

    private static readonly ClusterConnectionSettings Defaults =
        new(new Uri("https://c1.example.com:9443/"), "ops@example.com", new SecureString(), new ServerCertificateTrust(false, []));

    private static string RetrySection => RepositoryFiles.Section(About, "### Retries, and what is never retried", "Never retried");

    private static string ConnectParameter => RepositoryFiles.Section(Connect, "### -MaximumRetryCount", "Accept pipeline input");

    [Fact]
    public void The_default_retry_count_is_the_same_in_the_cmdlet_the_settings_and_the_help()
    {
        int cmdlet = new ConnectREClusterCommand().MaximumRetryCount;
        Assert.Equal(cmdlet, Defaults.MaximumRetryCount);
        Assert.Equal(cmdlet, Number(RetrySection, @"`-MaximumRetryCount` \((\d+) by default\)"));
        Assert.Equal(cmdlet, Number(ConnectParameter, @"Default value: (\d+)"));
    }

    [Fact]
    public void The_cap_between_tries_is_the_same_in_the_settings_and_the_help()
    {
        int cap = (int)Defaults.RetryMaximumDelay.TotalSeconds;
        Assert.Equal(cap, Number(RetrySection, @"capped at (\d+) seconds"));
        Assert.Equal(cap, Number(ConnectParameter, @"up to (\d+) seconds"));
    }

    [Fact]
    public void The_help_names_exactly_the_statuses_RetryPolicy_retries()
    {
        // The rotation endpoint's "not all nodes have been updated" 400 counts too: the help tells it in the same list.
        List<int> retried = Enumerable.Range(400, 200)
            .Where(status => RetryPolicy.IsRetryableStatus(status) || Enum.GetValues<ClusterOperation>().Any(operation => RetryPolicy.IsNotAllNodesUpdated(operation, status)))
            .ToList();
        List<int> told = Regex.Matches(RetrySection, @"\b([45]\d\d)\b").Select(m => int.Parse(m.Groups[1].Value)).Distinct().Order().ToList();
        Assert.NotEmpty(retried);
        Assert.Equal(retried, told);
    }

    private static int Number(string text, string pattern)
    {
        Match match = Regex.Match(text, pattern);
        Assert.True(match.Success, $"The help does not say '{pattern}' where the retry rules are told.");
        return int.Parse(match.Groups[1].Value);
    }
}
