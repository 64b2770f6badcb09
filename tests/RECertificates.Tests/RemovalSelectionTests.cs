using System.Management.Automation;
using RECertificates.Commands;
using Xunit;

namespace RECertificates.Tests;

/// <summary>
/// Remove-RECertificate's choice of names, with the real PowerShell engine behind WildcardPattern and ErrorRecord
/// (the reference-only stub would make every pattern match nothing and every refusal null).
/// </summary>
public class RemovalSelectionTests
{
    private static readonly string[] Held = { "api", "cm", "ldap_client", "mtls_trusted_ca", "proxy", "sso_issuer", "sso_service", "syncer" };

    [Theory]
    [InlineData("ldap_client")]
    [InlineData("LDAP-Client")]
    [InlineData("sso_*")]
    [InlineData("*")]
    [InlineData("[ls]*")]
    public void Lets_through_optional_names_and_valid_patterns(string name)
    {
        Assert.Null(RemovalSelection.Refuse(name));
    }

    [Theory]
    [InlineData("proxy", "RequiredCertificate", ErrorCategory.PermissionDenied)]
    [InlineData("Metrics-Exporter", "RequiredCertificate", ErrorCategory.PermissionDenied)]
    [InlineData("../cluster", "InvalidCertificateName", ErrorCategory.InvalidArgument)]
    [InlineData("sso/*", "InvalidCertificateName", ErrorCategory.InvalidArgument)]
    [InlineData("ldap_client?x=1", "InvalidCertificateName", ErrorCategory.InvalidArgument)]
    [InlineData("[ldap", "InvalidCertificateName", ErrorCategory.InvalidArgument)]
    public void Refuses_before_anything_is_sent(string name, string errorId, ErrorCategory category)
    {
        ErrorRecord? refusal = RemovalSelection.Refuse(name);

        Assert.NotNull(refusal);
        Assert.Equal(errorId, refusal!.FullyQualifiedErrorId);
        Assert.Equal(category, refusal.CategoryInfo.Category);
        Assert.Equal(name, refusal.TargetObject);
        Assert.Contains("Nothing was sent", refusal.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_star_selects_only_what_can_be_removed_and_keeps_the_required_ones_quietly()
    {
        var selection = new RemovalSelection();
        selection.Add("*");

        RemovalPlan plan = selection.Resolve(Held);

        Assert.Equal(new[] { "ldap_client", "mtls_trusted_ca", "sso_issuer", "sso_service" }, plan.ToRemove);
        Assert.Equal(new[] { "api", "cm", "proxy", "syncer" }, plan.KeptRequired);
        Assert.Empty(plan.NotHeld);
        Assert.Empty(plan.Unsendable);
    }

    [Fact]
    public void A_literal_name_not_held_is_reported_and_a_name_given_twice_counts_once()
    {
        var selection = new RemovalSelection();
        selection.Add("ldap_client");
        selection.Add("LDAP-CLIENT");
        selection.Add("sso_service");

        RemovalPlan plan = selection.Resolve(new[] { "api", "ldap_client" });

        Assert.Equal(new[] { "ldap_client" }, plan.ToRemove);
        Assert.Equal(new[] { "sso_service" }, plan.NotHeld);
    }

    [Fact]
    public void A_wildcard_never_selects_a_name_that_cannot_go_in_a_url()
    {
        var selection = new RemovalSelection();
        selection.Add("ldap*");

        RemovalPlan plan = selection.Resolve(new[] { "ldap_client", "ldap_x;Remove-Item" });

        Assert.Equal(new[] { "ldap_client" }, plan.ToRemove);
        Assert.Equal(new[] { "ldap_x;Remove-Item" }, plan.Unsendable);
    }
}
