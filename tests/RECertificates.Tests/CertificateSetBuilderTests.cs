namespace RECertificates.Tests;

public class CertificateSetBuilderTests
{
    private static readonly TestCertificates.Issued Proxy = TestCertificates.Rsa();
    private static readonly TestCertificates.Issued Api = TestCertificates.Ec();

    private static CertificateSet Build(CertificateSetBuilder builder, params string[] paths)
    {
        foreach (string path in paths)
        {
            builder.AddFile(path);
        }

        return builder.Build();
    }

    private static bool KeyMatches(CertificateInput input, TestCertificates.Issued issued) =>
        new CertificateValidator(() => TestCertificates.Now.UtcDateTime).Validate(input).IsValid && input.Key!.Length == issued.Pkcs8Pem.Length;

    [Fact]
    public void Splits_a_file_holding_certificate_and_key()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("proxy.pem", Proxy.CombinedPem.Replace("\n", "\r\n"));

        using CertificateSet set = Build(new CertificateSetBuilder(), path);

        Assert.Empty(set.Issues);
        CertificateInput input = Assert.Single(set.Inputs);
        Assert.Equal("proxy", input.Name);
        Assert.DoesNotContain("PRIVATE KEY", input.CertificatePem);
        Assert.Equal(path, input.Origin);
        Assert.True(new CertificateValidator().Validate(input).IsValid);
    }

    [Fact]
    public void Pairs_a_piped_key_file_by_name()
    {
        using var dir = new TempDirectory();
        string cert = dir.Write("metrics-exporter-cert.pem", Proxy.CertificatePem);
        string keyDir = Directory.CreateDirectory(Path.Combine(dir.Path, "keys")).FullName;
        string key = Path.Combine(keyDir, "metrics_exporter.key");
        File.WriteAllText(key, Proxy.Pkcs8Pem);

        using CertificateSet set = Build(new CertificateSetBuilder(), key, cert);

        Assert.Empty(set.Issues);
        CertificateInput input = Assert.Single(set.Inputs);
        Assert.Equal("metrics_exporter", input.Name);
        Assert.Equal(key, input.KeyPath);
        Assert.True(KeyMatches(input, Proxy));
    }

    [Fact]
    public void Disposing_a_builder_that_never_built_drops_the_collected_keys()
    {
        var builder = new CertificateSetBuilder();
        builder.AddPem("proxy", Proxy.CertificatePem, Proxy.KeySecure);

        builder.Dispose();

        using CertificateSet set = builder.Build();
        Assert.Empty(set.Inputs);
    }

    [Fact]
    public void Disposing_the_builder_after_Build_leaves_the_sets_keys_alone()
    {
        var builder = new CertificateSetBuilder();
        builder.AddPem("proxy", Proxy.CertificatePem, Proxy.KeySecure);
        using CertificateSet set = builder.Build();

        builder.Dispose();

        Assert.True(KeyMatches(Assert.Single(set.Inputs), Proxy));
    }

    [Fact]
    public void A_piped_key_goes_to_one_certificate_even_when_two_claim_its_name()
    {
        // Regression: the key was handed to both proxy certificates, and dropping the duplicate disposed the key of
        // the one kept, so validating it threw ObjectDisposedException.
        using var dir = new TempDirectory();
        string first = Path.Combine(Directory.CreateDirectory(Path.Combine(dir.Path, "a")).FullName, "proxy.pem");
        string second = Path.Combine(Directory.CreateDirectory(Path.Combine(dir.Path, "b")).FullName, "proxy.pem");
        string key = Path.Combine(Directory.CreateDirectory(Path.Combine(dir.Path, "k")).FullName, "proxy.key");
        File.WriteAllText(first, Proxy.CertificatePem);
        File.WriteAllText(second, Proxy.CertificatePem);
        File.WriteAllText(key, Proxy.Pkcs8Pem);

        using CertificateSet set = Build(new CertificateSetBuilder(), first, key, second);

        Assert.Contains(set.Issues, issue => issue.Id == IssueIds.DuplicateCertificateName);
        CertificateInput kept = Assert.Single(set.Inputs);
        Assert.Equal(key, kept.KeyPath);
        Assert.True(KeyMatches(kept, Proxy));
    }

    [Theory]
    [InlineData("proxy.key")]
    [InlineData("proxy_key.pem")]
    [InlineData("proxy-key.pem")]
    [InlineData("Proxy.Key.pem")]
    public void Finds_the_key_lying_beside_the_certificate(string keyFile)
    {
        using var dir = new TempDirectory();
        string cert = dir.Write("proxy.crt", Proxy.CertificatePem);
        string key = dir.Write(keyFile, Proxy.Pkcs1Pem);

        using CertificateSet set = Build(new CertificateSetBuilder(), cert);

        CertificateInput input = Assert.Single(set.Inputs);
        Assert.Equal(key, input.KeyPath);
        Assert.NotNull(input.Key);
    }

    [Fact]
    public void Prefers_the_first_conventional_key_name_beside_the_certificate()
    {
        using var dir = new TempDirectory();
        string cert = dir.Write("proxy.pem", Proxy.CertificatePem);
        dir.Write("proxy.key.pem", Api.Pkcs8Pem);
        string first = dir.Write("proxy.key", Proxy.Pkcs8Pem);

        using CertificateSet set = Build(new CertificateSetBuilder(), cert);

        Assert.Equal(first, Assert.Single(set.Inputs).KeyPath);
    }

    [Fact]
    public void Explicit_name_and_key_path_override_the_file_names()
    {
        using var dir = new TempDirectory();
        string cert = dir.Write("server.pem", Proxy.CertificatePem);
        dir.Write("server.key", Api.Pkcs8Pem); // beside, but -KeyPath says otherwise
        string key = dir.Write("the-right-one.txt", Proxy.Pkcs8Pem);

        using CertificateSet set = Build(new CertificateSetBuilder(name: "syncer", keyPath: key), cert);

        Assert.Empty(set.Issues);
        CertificateInput input = Assert.Single(set.Inputs);
        Assert.Equal("syncer", input.Name);
        Assert.Equal(key, input.KeyPath);
        Assert.True(KeyMatches(input, Proxy));
    }

    [Fact]
    public void Explicit_name_with_several_certificates_is_refused()
    {
        using var dir = new TempDirectory();
        using CertificateSet set = Build(new CertificateSetBuilder(name: "proxy"), dir.Write("a.pem", Proxy.CombinedPem), dir.Write("b.pem", Api.CombinedPem));
        Assert.Contains(set.Issues, i => i.Id == IssueIds.NameRequiresSingleCertificate);
    }

    [Fact]
    public void Two_files_for_one_name_is_an_error_naming_both()
    {
        using var dir = new TempDirectory();
        string first = dir.Write("proxy.pem", Proxy.CombinedPem);
        string second = dir.Write("proxy_cert.pem", Api.CombinedPem);

        using CertificateSet set = Build(new CertificateSetBuilder(), first, second);

        ValidationIssue issue = Assert.Single(set.Issues);
        Assert.Equal(IssueIds.DuplicateCertificateName, issue.Id);
        Assert.Contains(first, issue.Message);
        Assert.Contains(second, issue.Message);
    }

    [Fact]
    public void A_key_without_a_certificate_is_an_error_naming_the_key_file()
    {
        using var dir = new TempDirectory();
        string key = dir.Write("ldap_client.key", Proxy.Pkcs8Pem);

        using CertificateSet set = Build(new CertificateSetBuilder(), dir.Write("proxy.pem", Api.CombinedPem), key);

        ValidationIssue issue = Assert.Single(set.Issues);
        Assert.Equal(IssueIds.KeyOnlyNoCertificate, issue.Id);
        Assert.Equal(key, issue.Target);
        Assert.Single(set.Inputs);
    }

    [Fact]
    public void A_file_name_that_says_nothing_is_reported()
    {
        using var dir = new TempDirectory();
        using CertificateSet set = Build(new CertificateSetBuilder(), dir.Write("proxy.txt", Proxy.CombinedPem));
        Assert.Equal(IssueIds.UnrecognizedFileName, Assert.Single(set.Issues).Id);
        Assert.Empty(set.Inputs);
    }

    [Fact]
    public void Unreadable_files_become_issues_and_the_rest_is_still_collected()
    {
        using var dir = new TempDirectory();
        string missing = Path.Combine(dir.Path, "api.pem");
        using CertificateSet set = Build(new CertificateSetBuilder(), missing, dir.Write("proxy.pem", Proxy.CombinedPem), dir.Write("cm.pem", "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n"));

        Assert.Equal([IssueIds.FileNotFound, IssueIds.CsrNotCertificate], set.Issues.Select(i => i.Id));
        Assert.Equal("proxy", Assert.Single(set.Inputs).Name);
    }

    [Fact]
    public void A_keyless_certificate_does_not_pick_up_a_key_beside_it()
    {
        using var dir = new TempDirectory();
        string cert = dir.Write("mtls_trusted_ca.pem", Proxy.CertificatePem);
        dir.Write("mtls_trusted_ca.key", Proxy.Pkcs8Pem);

        using CertificateSet set = Build(new CertificateSetBuilder(), cert);

        Assert.Null(Assert.Single(set.Inputs).Key);
    }

    [Fact]
    public void Takes_pem_text_with_a_secure_string_key_and_copies_the_key()
    {
        var builder = new CertificateSetBuilder();
        using var key = Proxy.KeySecure;
        builder.AddPem("Proxy", Proxy.CertificatePem, key);

        using CertificateSet set = builder.Build();

        CertificateInput input = Assert.Single(set.Inputs);
        Assert.Equal("proxy", input.Name);
        Assert.NotSame(key, input.Key);
        Assert.True(KeyMatches(input, Proxy));
        Assert.Equal("certificate 'Proxy' given as text", input.Origin);
    }

    [Fact]
    public void Splits_pasted_text_that_holds_the_key()
    {
        var builder = new CertificateSetBuilder();
        builder.AddPem("proxy", Proxy.CombinedPem, null);

        using CertificateSet set = builder.Build();

        CertificateInput input = Assert.Single(set.Inputs);
        Assert.NotNull(input.Key);
        Assert.DoesNotContain("PRIVATE KEY", input.CertificatePem);
    }

    [Fact]
    public void Takes_an_recertificate_from_another_cluster()
    {
        var source = TestCertificates.View("proxy", Proxy.CertificatePem, Proxy.Pkcs8Pem, includeKey: true, "east.example.com");
        var builder = new CertificateSetBuilder();
        builder.AddCertificate(source);

        using CertificateSet set = builder.Build();

        CertificateInput input = Assert.Single(set.Inputs);
        Assert.Equal("certificate 'proxy' from cluster east.example.com", input.Origin);
        Assert.True(KeyMatches(input, Proxy));
    }

    [Fact]
    public void An_encrypted_key_file_is_reported_by_path()
    {
        using var dir = new TempDirectory();
        string key = dir.Write("proxy.key", Proxy.EncryptedPem);

        using CertificateSet set = Build(new CertificateSetBuilder(), dir.Write("proxy.pem", Proxy.CertificatePem), key);

        ValidationIssue issue = Assert.Single(set.Issues);
        Assert.Equal(IssueIds.EncryptedPrivateKey, issue.Id);
        Assert.Equal(key, issue.Target);
    }

    [Fact]
    public void Refuses_a_key_block_in_the_certificate_text_when_Key_gives_a_key_too()
    {
        using var key = TestCertificates.Secure(Proxy.Pkcs8Pem);
        using var builder = new CertificateSetBuilder();
        builder.AddPem("proxy", Proxy.CertificatePem + Proxy.Pkcs8Pem, key);

        using CertificateSet set = builder.Build();

        Assert.Empty(set.Inputs);
        ValidationIssue issue = Assert.Single(set.Issues);
        Assert.Equal(IssueIds.KeyInCertificateText, issue.Id);
        Assert.Contains("-Certificate", issue.Message);
        Assert.Contains("-Key", issue.Message);
        Assert.DoesNotContain("PRIVATE KEY-----", issue.Message);
    }

    [Fact]
    public void Only_certificate_blocks_of_pasted_text_are_ever_the_certificate()
    {
        using var key = TestCertificates.Secure(Proxy.Pkcs8Pem);
        using var builder = new CertificateSetBuilder();
        builder.AddPem("proxy", "notes before\n" + Proxy.CertificatePem + "\n-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n", key);

        using CertificateSet set = builder.Build();

        CertificateInput input = Assert.Single(set.Inputs);
        Assert.Equal(Proxy.CertificatePem.TrimEnd() + "\n", input.CertificatePem);
    }
}
