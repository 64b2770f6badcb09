using System.Management.Automation;
using System.Security.Cryptography;
using RECertificates.Cluster;
using RECertificates.Commands;
using RECertificates.Tests.Fakes;

namespace RECertificates.Tests;

/// <summary>
/// -BackupPath of Set, Update-Legacy and Remove, driven through the host seam against a cluster in memory: it keeps
/// what is about to change (with keys) and nothing else, -WhatIf writes nothing but its plan line, a backup that
/// fails stops the change, and no key reaches any stream.
/// </summary>
public class BackupBeforeChangeTests
{
    private static readonly TestCertificates.Issued Ldap = Client("ldap.example.com");
    private static readonly TestCertificates.Issued Sso = Client("sso.example.com");

    [Fact]
    public void Keeps_what_is_about_to_change_with_its_key_and_nothing_else()
    {
        using var root = new TempDirectory();
        FakeClusterClient cluster = Cluster();
        var host = new RecordingHost();

        Assert.True(BackupBeforeChange.Run(host, cluster.Session(), root.Path, ["ldap_client", "ldap_client"]));

        Assert.Equal(["GET certificates with keys"], cluster.Calls);
        string folder = Assert.Single(Directory.GetDirectories(Path.Combine(root.Path, "cluster1.example.com")));
        Assert.Equal(["ldap_client.key", "ldap_client.pem"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(Ldap.CertificatePem.Trim(), File.ReadAllText(Path.Combine(folder, "ldap_client.pem")).Trim());
        using var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(folder, "ldap_client.key")));
        Assert.Equal(((RSA)Ldap.Key).ExportParameters(false).Modulus, key.ExportParameters(false).Modulus);
        Assert.Equal(
            [$"Backed up ldap_client of cluster 'cluster1.example.com', with keys, to '{folder}'. To roll back: Get-ChildItem '{folder}/*.pem' | Set-RECertificate -Force"],
            host.Verboses);
    }

    [Fact]
    public void Does_nothing_when_not_asked_for_or_when_nothing_changes()
    {
        using var root = new TempDirectory();
        FakeClusterClient cluster = Cluster();
        var host = new RecordingHost();

        Assert.True(BackupBeforeChange.Run(host, cluster.Session(), null, ["ldap_client"]));
        Assert.True(BackupBeforeChange.Run(host, cluster.Session(), root.Path, []));

        Assert.Empty(cluster.Calls);
        Assert.Empty(host.Transcript);
        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
    }

    [Fact]
    public void Makes_no_folder_when_the_cluster_holds_none_of_the_names_yet()
    {
        using var root = new TempDirectory();
        var host = new RecordingHost();

        Assert.True(BackupBeforeChange.Run(host, Cluster().Session(), root.Path, ["sso_issuer"]));

        Assert.Equal(["Cluster 'cluster1.example.com' holds none of sso_issuer yet, so there is nothing to back up."], host.Verboses);
        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
    }

    [Fact]
    public void Under_WhatIf_writes_only_where_the_backup_would_go()
    {
        using var root = new TempDirectory();
        FakeClusterClient cluster = Cluster();
        var host = new RecordingHost { Answers = RecordingHost.Answer.WhatIf };

        Assert.True(BackupBeforeChange.Run(host, cluster.Session(), root.Path, ["sso_service", "ldap_client"]));

        string line = Assert.Single(host.Transcript);
        string where = Path.Combine(root.Path, "cluster1.example.com") + Path.DirectorySeparatorChar;
        Assert.StartsWith($"WHATIF Performing the operation \"Back up what cluster 'cluster1.example.com' holds for ldap_client, sso_service, with keys, before changing it\" on target \"{where}", line, StringComparison.Ordinal);
        Assert.Empty(cluster.Calls);
        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
    }

    [Fact]
    public void A_cluster_that_cannot_be_read_stops_the_change()
    {
        using var root = new TempDirectory();
        FakeClusterClient cluster = new FakeClusterClient
        {
            Fail = call => call == "GET certificates with keys" ? new REApiException("Cluster 'cluster1.example.com' answered 500.", FailureKind.ResourceUnavailable, "ServerError", 500) : null,
        }.Holding("ldap_client", Ldap.CertificatePem, Ldap.Pkcs8Pem);
        var host = new RecordingHost();

        Assert.False(BackupBeforeChange.Run(host, cluster.Session(), root.Path, ["ldap_client"]));

        ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal("BackupFailed", error.FullyQualifiedErrorId);
        Assert.Contains("the certificates could not be read (Cluster 'cluster1.example.com' answered 500.)", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed and nothing was sent", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
    }

    [Fact]
    public void A_key_the_cluster_did_not_return_stops_the_change_and_names_the_permission()
    {
        using var root = new TempDirectory();
        FakeClusterClient cluster = new FakeClusterClient().Holding("ldap_client", Ldap.CertificatePem).Holding("sso_service", Sso.CertificatePem, Sso.Pkcs8Pem);
        var host = new RecordingHost();

        Assert.False(BackupBeforeChange.Run(host, cluster.Session(), root.Path, ["ldap_client", "sso_service"]));

        ErrorRecord error = Assert.Single(host.Errors);
        Assert.Equal("BackupFailed", error.FullyQualifiedErrorId);
        Assert.Contains("'ldap_client'", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("user 'ops@example.com' may lack the permission view_cluster_keys", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
    }

    [Fact]
    public void A_folder_that_cannot_be_made_stops_the_change_and_leaves_nothing_behind()
    {
        using var root = new TempDirectory();
        string notAFolder = root.Write("backups", "a file where the folder should be");
        FakeClusterClient cluster = Cluster();
        var host = new RecordingHost();

        Assert.False(BackupBeforeChange.Run(host, cluster.Session(), notAFolder, ["ldap_client"]));

        Assert.Equal(["BackupFailed"], host.ErrorIds);
        Assert.Equal(["GET certificates with keys"], cluster.Calls);
        Assert.Equal(["backups"], Directory.GetFileSystemEntries(root.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void No_key_reaches_any_stream_and_every_key_read_is_wiped()
    {
        using var root = new TempDirectory();
        FakeClusterClient cluster = Cluster();
        var written = new RecordingHost();
        var refused = new RecordingHost();

        Assert.True(BackupBeforeChange.Run(written, cluster.Session(), root.Path, ["ldap_client", "sso_service"]));
        // The same keys read again, into a folder that exists as a file: the failure's words hold no key either.
        Assert.False(BackupBeforeChange.Run(refused, cluster.Session(), root.Write("file", "x"), ["ldap_client", "sso_service"]));

        string[] keyLines = [.. KeyBody(Ldap), .. KeyBody(Sso)];
        IEnumerable<string> everything = written.Transcript.Concat(refused.Transcript)
            .Concat(refused.Errors.Select(e => $"{e.Exception} {e.ErrorDetails?.Message} {e.TargetObject}"));
        Assert.All(everything, text => Assert.DoesNotContain(keyLines, line => text.Contains(line, StringComparison.Ordinal)));
        Assert.NotEmpty(cluster.KeysHandedOut);
        Assert.All(cluster.KeysHandedOut, key => Assert.Throws<ObjectDisposedException>(() => key.Length));
    }

    [Fact]
    public void What_it_keeps_puts_the_cluster_back_when_given_to_Set_as_its_message_says()
    {
        // The rollback the backup's message promises: Set-RECertificate -BackupPath, then its folder piped to Set again.
        using var root = new TempDirectory();
        FakeClusterClient cluster = Cluster();
        RESession session = cluster.Session();
        TestCertificates.Issued renewed = Client("ldap.example.com");
        string renewedFile = Path.Combine(root.Path, "ldap_client.pem");
        File.WriteAllText(renewedFile, renewed.CombinedPem);
        var host = new RecordingHost { Location = root.Path };

        Send(host, session, Path.Combine(root.Path, "backups"), renewedFile);
        Assert.Equal(renewed.CertificatePem.Trim(), cluster.Held["ldap_client"].CertificatePem.Trim());

        string folder = Assert.Single(Directory.GetDirectories(Path.Combine(root.Path, "backups", "cluster1.example.com")));
        Assert.Contains(host.Verboses, line => line.EndsWith($"To roll back: Get-ChildItem '{folder}/*.pem' | Set-RECertificate -Force", StringComparison.Ordinal));
        Send(host, session, backupPath: null, Path.Combine(folder, "*.pem"));

        Assert.Empty(host.Errors);
        Assert.Equal(Ldap.CertificatePem.Trim(), cluster.Held["ldap_client"].CertificatePem.Trim());
    }

    private static void Send(RecordingHost host, RESession session, string? backupPath, string path)
    {
        var files = new CertificateParameters { GivenBy = CertificateParameters.By.Path, Path = [path] };
        using var steps = new CertificateUpdateSteps(host, files, skipNameCheck: true, UpdateEndpoint.AllInOne,
            new ReplacementOptions(force: true, passThru: false, backupPath));
        steps.Add(files);
        steps.Send([session], throttle: 1);
    }

    /// <summary>Holds ldap_client and sso_service with their keys, and proxy.</summary>
    private static FakeClusterClient Cluster() =>
        new FakeClusterClient()
            .Holding("ldap_client", Ldap.CertificatePem, Ldap.Pkcs8Pem)
            .Holding("sso_service", Sso.CertificatePem, Sso.Pkcs8Pem)
            .Holding("proxy", Sso.CertificatePem, Sso.Pkcs8Pem);

    /// <summary>The base64 lines of a key's PEM: any one of them in a message would be part of the key.</summary>
    private static IEnumerable<string> KeyBody(TestCertificates.Issued issued) =>
        issued.Pkcs8Pem.Split('\n').Where(line => line.Length > 0 && !line.StartsWith("-----", StringComparison.Ordinal));

    private static TestCertificates.Issued Client(string name) =>
        TestCertificates.Rsa(options: new TestCertificates.Options { CommonName = name, DnsNames = [name] });
}
