using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Certificates;

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

        var builder = new CertificateSetBuilder(name: "syncer");
        builder.AddFile(cert, keyPath: key);
        using CertificateSet set = builder.Build();

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
        Assert.Equal("certificate 'proxy' from cluster 'east.example.com'", input.Origin);
        Assert.True(KeyMatches(input, Proxy));
    }

    [Fact]
    public void An_encrypted_key_file_without_a_password_is_reported_by_path()
    {
        using var dir = new TempDirectory();
        string key = dir.Write("proxy.key", Proxy.EncryptedPem);

        using CertificateSet set = Build(new CertificateSetBuilder(), dir.Write("proxy.pem", Proxy.CertificatePem), key);

        ValidationIssue issue = Assert.Single(set.Issues);
        Assert.Equal(IssueIds.PasswordRequired, issue.Id);
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

public class CertificateSetBuilderSourcesTests
{
    private static readonly (TestCertificates.Issued Root, TestCertificates.Issued Intermediate, TestCertificates.Issued Leaf) Chain = TestCertificates.Chain();

    private static string[] Subjects(CertificateInput input) => CertificateChainReader.Read(input.CertificatePem, "test").Select(c => c.Subject).ToArray();

    private static void WriteWinAcme(TempDirectory dir, params string[] which)
    {
        var files = new Dictionary<string, string>
        {
            ["proxy-chain.pem"] = Chain.Leaf.CertificatePem + Chain.Intermediate.CertificatePem,
            ["proxy-crt.pem"] = Chain.Leaf.CertificatePem,
            ["proxy-chain-only.pem"] = Chain.Intermediate.CertificatePem,
            ["proxy-key.pem"] = Chain.Leaf.Pkcs8Pem,
        };
        foreach (string name in which)
        {
            dir.Write(name, files[name]);
        }
    }

    private static CertificateSet BuildAll(TempDirectory dir)
    {
        var builder = new CertificateSetBuilder();
        foreach (string path in Directory.GetFiles(dir.Path).Order())
        {
            builder.AddFile(path);
        }

        return builder.Build();
    }

    [Fact]
    public void Win_acme_chain_file_wins_over_its_crt_file_and_the_chain_only_file_is_no_certificate()
    {
        using var dir = new TempDirectory();
        WriteWinAcme(dir, "proxy-chain.pem", "proxy-crt.pem", "proxy-chain-only.pem", "proxy-key.pem");

        using CertificateSet set = BuildAll(dir);

        Assert.Empty(set.Issues);
        CertificateInput input = Assert.Single(set.Inputs);
        Assert.EndsWith("proxy-chain.pem", input.CertificatePath);
        Assert.Equal([Chain.Leaf.Certificate.Subject, Chain.Intermediate.Certificate.Subject], Subjects(input));
        Assert.Empty(new CertificateValidator().Validate(input).ErrorIssues);
    }

    [Fact]
    public void Win_acme_crt_file_is_completed_by_the_chain_only_file_given_or_beside()
    {
        using var dir = new TempDirectory();
        WriteWinAcme(dir, "proxy-crt.pem", "proxy-chain-only.pem", "proxy-key.pem");

        using CertificateSet all = BuildAll(dir);
        var alone = new CertificateSetBuilder();
        alone.AddFile(Path.Combine(dir.Path, "proxy-crt.pem"));
        using CertificateSet beside = alone.Build();

        foreach (CertificateSet set in new[] { all, beside })
        {
            Assert.Empty(set.Issues);
            CertificateInput input = Assert.Single(set.Inputs);
            Assert.Equal([Chain.Leaf.Certificate.Subject, Chain.Intermediate.Certificate.Subject], Subjects(input));
            Assert.Empty(new CertificateValidator().Validate(input).ErrorIssues);
        }
    }

    [Fact]
    public void A_key_named_after_the_file_is_found_when_name_renames_the_certificate()
    {
        using var dir = new TempDirectory();
        string cert = dir.Write("redis-2026.pem", Chain.Leaf.CertificatePem + Chain.Intermediate.CertificatePem);
        string key = dir.Write("redis-2026.key", Chain.Leaf.Pkcs8Pem);
        var builder = new CertificateSetBuilder(name: "proxy");
        builder.AddFile(cert);

        using CertificateSet set = builder.Build();

        CertificateInput input = Assert.Single(set.Inputs);
        Assert.Equal("proxy", input.Name);
        Assert.Equal(key, input.KeyPath);
        Assert.Empty(new CertificateValidator().Validate(input).ErrorIssues);
    }

    [Fact]
    public void A_chain_only_file_alone_is_refused_by_name()
    {
        using var dir = new TempDirectory();
        WriteWinAcme(dir, "proxy-chain-only.pem");

        using CertificateSet set = BuildAll(dir);

        Assert.Empty(set.Inputs);
        Assert.Equal(IssueIds.IssuersOnly, Assert.Single(set.Issues).Id);
    }

    [Fact]
    public void Each_file_pairs_with_the_key_path_and_password_given_with_it()
    {
        // Two Posh-ACME objects down one pipeline: each brings its own KeyFile and PfxPass.
        var api = TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = "api.example.com" });
        using var dir = new TempDirectory();
        string proxyDir = Directory.CreateDirectory(Path.Combine(dir.Path, "proxy")).FullName;
        string apiDir = Directory.CreateDirectory(Path.Combine(dir.Path, "api")).FullName;
        string proxyKey = Path.Combine(proxyDir, "cert.key");
        File.WriteAllText(proxyKey, Chain.Leaf.Key.ExportEncryptedPkcs8PrivateKeyPem("one".AsSpan(), new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
        string apiKey = Path.Combine(apiDir, "cert.key");
        File.WriteAllText(apiKey, api.Key.ExportEncryptedPkcs8PrivateKeyPem("two".AsSpan(), new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
        string proxyCert = Path.Combine(proxyDir, "proxy.cer");
        File.WriteAllText(proxyCert, Chain.Leaf.CertificatePem + Chain.Intermediate.CertificatePem);
        string apiCert = Path.Combine(apiDir, "api.cer");
        File.WriteAllBytes(apiCert, api.Certificate.RawData);

        var builder = new CertificateSetBuilder();
        builder.AddFile(proxyCert, proxyKey, TestCertificates.Secure("one"));
        builder.AddFile(apiCert, apiKey, TestCertificates.Secure("two"));
        using CertificateSet set = builder.Build();

        Assert.Empty(set.Issues);
        Assert.Equal(["proxy", "api"], set.Inputs.Select(i => i.Name));
        Assert.All(set.Inputs, input => Assert.Empty(new CertificateValidator().Validate(input).ErrorIssues));
        Assert.Equal(apiKey, set.Inputs.Single(i => i.Name == "api").KeyPath);
    }

    [Fact]
    public void A_key_file_that_does_not_open_is_its_only_error()
    {
        using var dir = new TempDirectory();
        string cert = dir.Write("proxy.pem", Chain.Leaf.CertificatePem);
        dir.Write("proxy.key", Chain.Leaf.EncryptedPem);
        var builder = new CertificateSetBuilder();
        builder.AddFile(cert, password: TestCertificates.Secure("wrong"));

        using CertificateSet set = builder.Build();
        CertificateValidationReport report = new CertificateValidator().Validate(set);

        Assert.Equal([IssueIds.WrongPassword], report.Errors.Select(e => e.Id));
    }

    [Fact]
    public void A_certificate_object_needs_a_name()
    {
        using X509Certificate2 withKey = Chain.Leaf.Certificate.CopyWithPrivateKey((RSA)Chain.Leaf.Key);
        var builder = new CertificateSetBuilder();
        builder.AddX509Certificate(withKey);
        var named = new CertificateSetBuilder(name: "proxy");
        named.AddX509Certificate(withKey);

        using CertificateSet unnamed = builder.Build();
        using CertificateSet set = named.Build();

        Assert.Equal(IssueIds.NameRequired, Assert.Single(unnamed.Issues).Id);
        Assert.Empty(set.Issues);
        Assert.Empty(new CertificateValidator().Validate(Assert.Single(set.Inputs)).ErrorIssues);
    }
}
