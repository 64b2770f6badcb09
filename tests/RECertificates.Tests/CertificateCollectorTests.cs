using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Commands;
using RECertificates.Hosting;
using RECertificates.Tests.Fakes;
using By = RECertificates.Commands.CertificateParameters.By;

namespace RECertificates.Tests;

/// <summary>
/// The input flow of Set, Update-Legacy and Test driven through the host seam, without a runspace: files are added
/// and only read at the end, a wildcard expands against PowerShell's location, a missing file or a pattern that
/// matches nothing is named, a key is paired from beside the certificate or from -KeyPath, piped records each bring
/// their own, and a bad file is reported while the rest is still read, though then nothing is sent.
/// </summary>
public class CertificateCollectorTests
{
    private static readonly TestCertificates.Issued Proxy = TestCertificates.Rsa();
    private static readonly TestCertificates.Issued Api = TestCertificates.Ec();
    private static readonly TestCertificates.Issued Syncer = TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = "syncer.example.com", DnsNames = ["syncer.example.com"] });

    [Fact]
    public void Files_are_added_as_given_and_read_only_once_the_pipeline_is_done()
    {
        using var dir = new TempDirectory();
        var host = new RecordingHost { Location = dir.Path };
        using var collector = new CertificateCollector(host, Files());
        string proxy = dir.Write("proxy.pem", Proxy.CombinedPem);

        collector.Add(Files(proxy));
        collector.Add(Files("syncer.pem"));
        // Written after Add: a file is read by Read, not when it is added.
        string syncer = dir.Write("syncer.pem", Syncer.CombinedPem);
        using CertificateSet set = collector.Read();

        Assert.Empty(set.Issues);
        Assert.Equal([("proxy", proxy), ("syncer", syncer)], set.Inputs.Select(i => (i.Name, i.CertificatePath!)).OrderBy(i => i.Name, StringComparer.Ordinal));
        Assert.All(set.Inputs, input => Assert.NotNull(input.Key));
        Assert.Contains($"Certificate 'proxy' from {proxy}, with the key in the same file.", host.Verboses);
    }

    [Fact]
    public void A_wildcard_expands_against_PowerShells_location_to_every_file_it_matches_but_no_folder()
    {
        using var dir = new TempDirectory();
        string api = dir.Write("api.pem", Api.CombinedPem);
        string proxy = dir.Write("proxy.pem", Proxy.CombinedPem);
        dir.Write("syncer.txt", Syncer.CombinedPem);
        Directory.CreateDirectory(Path.Combine(dir.Path, "old.pem"));
        var host = new RecordingHost { Location = dir.Path };
        using var collector = new CertificateCollector(host, Files());

        collector.Add(Files("*.pem"));
        using CertificateSet set = collector.Read();

        Assert.Empty(set.Issues);
        Assert.Equal([api, proxy], set.Inputs.Select(i => i.CertificatePath!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_pattern_that_matches_nothing_is_an_error_that_says_where_it_looked()
    {
        using var dir = new TempDirectory();
        var host = new RecordingHost { Location = dir.Path };
        using var collector = new CertificateCollector(host, Files());

        collector.Add(Files("nothing*.pem"));
        using CertificateSet set = collector.Read();

        ValidationIssue issue = Assert.Single(set.Issues);
        Assert.Equal(IssueIds.FileNotFound, issue.Id);
        Assert.Equal($"No certificate file matches 'nothing*.pem' (in {dir.Path}). Check the path and the pattern.", issue.Message);
        Assert.Empty(set.Inputs);
    }

    [Fact]
    public void A_missing_file_is_named_by_its_full_path_in_the_error()
    {
        using var dir = new TempDirectory();
        var host = new RecordingHost { Location = dir.Path };
        using var collector = new CertificateCollector(host, Literal());

        collector.Add(Literal("missing.pem"));
        using CertificateSet set = collector.Read();
        CertificateValidationReport report = collector.Validate(set);

        Assert.False(report.IsValid);
        ValidationIssue error = Assert.Single(report.Errors);
        Assert.Contains(Path.Combine(dir.Path, "missing.pem"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_of_another_provider_is_refused_naming_the_provider()
    {
        var host = new RecordingHost();
        using var collector = new CertificateCollector(host, Literal());

        collector.Add(Literal(@"Cert:\LocalMachine\My\0123"));
        using CertificateSet set = collector.Read();

        ValidationIssue issue = Assert.Single(set.Issues);
        Assert.Equal(IssueIds.NotFileSystemPath, issue.Id);
        Assert.Equal(@"'Cert:\LocalMachine\My\0123' is a path of the Certificate provider; certificates are read from files only. Give a file system path.", issue.Message);
    }

    [Fact]
    public void A_bad_file_stops_no_other_file_from_being_read_but_then_nothing_is_sent()
    {
        using var dir = new TempDirectory();
        string garbage = dir.Write("proxy.pem", "not a certificate");
        dir.Write("syncer.pem", Syncer.CombinedPem);
        var cluster = new FakeClusterClient();
        var host = new RecordingHost { Location = dir.Path };

        using (var steps = new CertificateUpdateSteps(host, Files(), skipNameCheck: false, UpdateEndpoint.AllInOne, new ReplacementOptions(force: true, passThru: false, backupPath: null)))
        {
            steps.Add(Files("*.pem"));
            steps.Send([cluster.Session()], throttle: 1);
        }

        Assert.Contains(host.Verboses, v => v.StartsWith("certificate 'syncer' (", StringComparison.Ordinal) && v.EndsWith(": valid.", StringComparison.Ordinal));
        Assert.Contains(host.Errors, e => e.Exception.Message.Contains(garbage, StringComparison.Ordinal));
        Assert.Equal("NothingSent", host.ErrorIds.Last().Split(',')[0]);
        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("PUT", StringComparison.Ordinal));
    }

    [Fact]
    public void A_good_set_collected_by_the_steps_is_sent_to_each_cluster_by_its_endpoint()
    {
        using var dir = new TempDirectory();
        dir.Write("syncer.pem", Syncer.CombinedPem);
        var cluster = new FakeClusterClient();
        var host = new RecordingHost { Location = dir.Path };

        using (var steps = new CertificateUpdateSteps(host, Files(), skipNameCheck: false, UpdateEndpoint.OneByOne, new ReplacementOptions(force: true, passThru: false, backupPath: null)))
        {
            steps.Add(Files("syncer.pem"));
            steps.Send([cluster.Session()], throttle: 1);
        }

        Assert.Empty(host.Errors);
        Assert.Contains("PUT update_cert syncer", cluster.Calls);
    }

    [Fact]
    public void A_key_beside_the_certificate_is_paired_with_it_and_said_so()
    {
        using var dir = new TempDirectory();
        string cert = dir.Write("proxy.crt", Proxy.CertificatePem);
        string key = dir.Write("proxy.key", Proxy.Pkcs8Pem);
        var host = new RecordingHost { Location = dir.Path };
        using var collector = new CertificateCollector(host, Files());

        collector.Add(Files(cert));
        using CertificateSet set = collector.Read();

        CertificateInput input = Assert.Single(set.Inputs);
        Assert.Equal(key, input.KeyPath);
        Assert.True(collector.Validate(set).IsValid);
        Assert.Contains($"Certificate 'proxy' from {cert}, with the key file found beside it, '{key}'.", host.Verboses);
    }

    [Fact]
    public void KeyPath_is_resolved_against_PowerShells_location_and_wins_over_a_key_beside()
    {
        using var dir = new TempDirectory();
        string cert = dir.Write("proxy.crt", Proxy.CertificatePem);
        dir.Write("proxy.key", Api.Pkcs8Pem); // beside, but -KeyPath says otherwise
        string key = dir.Write("the-right-one.txt", Proxy.Pkcs8Pem);
        var host = new RecordingHost { Location = dir.Path };
        using var collector = new CertificateCollector(host, Files());

        collector.Add(new CertificateParameters { GivenBy = By.Path, Path = ["proxy.crt"], KeyPath = "the-right-one.txt" });
        using CertificateSet set = collector.Read();

        CertificateInput input = Assert.Single(set.Inputs);
        Assert.Equal(key, input.KeyPath);
        Assert.True(collector.IsGivenKeyPath(key));
        Assert.True(collector.Validate(set).IsValid);
        Assert.Contains($"Certificate 'proxy' from {cert}, with the key from -KeyPath '{key}'.", host.Verboses);
    }

    [Fact]
    public void Piped_file_records_each_bring_their_own_key()
    {
        // As Posh-ACME's objects bind: each record its FullChainFile (-Path) and KeyFile (-KeyPath).
        using var dir = new TempDirectory();
        string proxyKey = dir.Write("one.key.txt", Proxy.Pkcs8Pem);
        string syncerKey = dir.Write("two.key.txt", Syncer.Pkcs8Pem);
        dir.Write("proxy.crt", Proxy.CertificatePem);
        dir.Write("syncer.crt", Syncer.CertificatePem);
        var host = new RecordingHost { Location = dir.Path };
        using var collector = new CertificateCollector(host, Files());

        collector.Add(new CertificateParameters { GivenBy = By.Path, Path = ["proxy.crt"], KeyPath = "one.key.txt" });
        collector.Add(new CertificateParameters { GivenBy = By.Path, Path = ["syncer.crt"], KeyPath = "two.key.txt" });
        using CertificateSet set = collector.Read();

        Assert.Equal([("proxy", proxyKey), ("syncer", syncerKey)], set.Inputs.Select(i => (i.Name, i.KeyPath!)).OrderBy(i => i.Name, StringComparer.Ordinal));
        Assert.True(collector.Validate(set).IsValid);
    }

    [Fact]
    public void Piped_objects_from_another_cluster_are_taken_with_their_keys()
    {
        var host = new RecordingHost();
        using var collector = new CertificateCollector(host, new CertificateParameters { GivenBy = By.InputObject });

        collector.Add(Objects(TestCertificates.View("proxy", Proxy.CertificatePem, Proxy.Pkcs8Pem, includeKey: true)));
        collector.Add(Objects(TestCertificates.View("syncer", Syncer.CertificatePem, Syncer.Pkcs8Pem, includeKey: true)));
        using CertificateSet set = collector.Read();

        Assert.Equal(["proxy", "syncer"], set.Inputs.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.All(set.Inputs, input => Assert.NotNull(input.Key));
        Assert.True(collector.Validate(set).IsValid);
    }

    [Fact]
    public void Name_names_every_file_given()
    {
        using var dir = new TempDirectory();
        dir.Write("whatever.pem", Syncer.CombinedPem);
        var host = new RecordingHost { Location = dir.Path };
        var bound = new CertificateParameters { GivenBy = By.LiteralPath, Name = "syncer" };
        using var collector = new CertificateCollector(host, bound);

        collector.Add(new CertificateParameters { GivenBy = By.LiteralPath, Name = "syncer", LiteralPath = ["whatever.pem"] });
        using CertificateSet set = collector.Read();

        Assert.Equal("syncer", Assert.Single(set.Inputs).Name);
    }

    [Fact]
    public void Many_files_show_a_progress_bar_that_is_completed()
    {
        using var dir = new TempDirectory();
        foreach (string name in new[] { "api", "cm", "proxy", "syncer", "metrics_exporter" })
        {
            dir.Write(name + ".pem", Proxy.CombinedPem);
        }

        var host = new RecordingHost { Location = dir.Path };
        using var collector = new CertificateCollector(host, Files());

        collector.Add(Files("*.pem"));
        using CertificateSet set = collector.Read();

        Assert.Equal(5, set.Inputs.Count);
        Assert.Contains(host.Progresses, p => p.Activity == "Reading certificate files");
        Assert.Equal(System.Management.Automation.ProgressRecordType.Completed, host.Progresses.Last().RecordType);
    }

    [Fact]
    public void WhatIf_makes_no_difference_to_what_is_read_and_validated()
    {
        using var dir = new TempDirectory();
        dir.Write("proxy.pem", Proxy.CombinedPem);
        dir.Write("syncer.pem", "not a certificate");

        (List<string> Verboses, bool IsValid, int Inputs) Collect(RecordingHost host)
        {
            using var collector = new CertificateCollector(host, Files());
            collector.Add(Files("*.pem"));
            using CertificateSet set = collector.Read();
            return (host.Verboses, collector.Validate(set).IsValid, set.Inputs.Count);
        }

        var whatIf = new RecordingHost { Location = dir.Path, Answers = RecordingHost.Answer.WhatIf };
        var plain = Collect(new RecordingHost { Location = dir.Path });
        var underWhatIf = Collect(whatIf);

        Assert.Equal(1, underWhatIf.Inputs);
        Assert.False(underWhatIf.IsValid);
        Assert.Equal(plain.Verboses, underWhatIf.Verboses);
        Assert.Empty(whatIf.WhatIfs);
        Assert.Empty(whatIf.Confirmations);
    }

    private static CertificateParameters Files(params string[] paths) => new() { GivenBy = By.Path, Path = paths };

    private static CertificateParameters Literal(params string[] paths) => new() { GivenBy = By.LiteralPath, LiteralPath = paths };

    private static CertificateParameters Objects(params RECertificate[] certificates) => new() { GivenBy = By.InputObject, InputObject = certificates };
}
