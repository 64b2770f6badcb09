using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Renewal;

namespace RECertificates.Tests;

/// <summary>The renewal loop's plain classes: requests read back by .NET's own parser, files written all or none,
/// backups that are whole or absent, DNS names, and the report's order, words and encoding.</summary>
public class RenewalTests
{
    [Fact]
    public void A_request_reads_back_in_dotnet_with_the_subject_names_usages_and_a_matching_key()
    {
        GeneratedRequest generated = CertificateRequestBuilder.Create("cluster.example.com", ClusterDnsNames.For("cluster.example.com"), PublicKeyIdentity.RsaAlgorithm, 2048, null);
        try
        {
            CertificateRequest request = CertificateRequest.LoadSigningRequestPem(generated.CsrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
            Assert.Equal("CN=cluster.example.com", request.SubjectName.Name);
            Assert.Equal("RSA 2048", generated.KeyAlgorithm);

            var san = new X509SubjectAlternativeNameExtension(Extension(request, "2.5.29.17").RawData);
            Assert.Equal(["cluster.example.com", "*.cluster.example.com", "internal.cluster.example.com", "*.internal.cluster.example.com"], san.EnumerateDnsNames());
            X509Extension usageExtension = Extension(request, "2.5.29.15");
            var usage = new X509KeyUsageExtension(usageExtension, usageExtension.Critical);
            Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, usage.KeyUsages);
            Assert.True(usage.Critical);
            var eku = new X509EnhancedKeyUsageExtension(Extension(request, "2.5.29.37"), false);
            Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));

            using RSA key = RSA.Create();
            key.ImportFromPem(Encoding.ASCII.GetString(generated.KeyPem));
            Assert.Equal(request.PublicKey.GetRSAPublicKey()!.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
        }
        finally
        {
            Array.Clear(generated.KeyPem);
        }
    }

    [Theory]
    [InlineData("RSA", 2048, "2048, 3072 or 4096", 3072, "RSA 3072")]
    [InlineData("ECDSA", 256, "256, 384 or 521", 384, "ECDSA P-384")]
    public void Key_sizes_and_their_words_come_from_one_table_per_algorithm(string algorithm, int byDefault, string allowed, int other, string described)
    {
        Assert.Equal(byDefault, CertificateRequestBuilder.DefaultKeySize(algorithm));
        Assert.Equal(allowed, CertificateRequestBuilder.AllowedSizes(algorithm));
        Assert.True(CertificateRequestBuilder.IsAllowedSize(algorithm, other));
        Assert.False(CertificateRequestBuilder.IsAllowedSize(algorithm, 1024));
        Assert.Equal(described, CertificateRequestBuilder.Describe(algorithm, other));
    }

    [Fact]
    public void An_ecdsa_key_is_encrypted_with_the_password_and_asks_only_for_digital_signature()
    {
        GeneratedRequest generated = CertificateRequestBuilder.Create("a.example.com", ["a.example.com"], PublicKeyIdentity.EcdsaAlgorithm, 256, "pw".ToCharArray());
        string keyPem = Encoding.ASCII.GetString(generated.KeyPem);
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", keyPem);
        using ECDsa key = ECDsa.Create();
        Assert.ThrowsAny<CryptographicException>(() => key.ImportFromEncryptedPem(keyPem, "wrong"));
        key.ImportFromEncryptedPem(keyPem, "pw");

        CertificateRequest request = CertificateRequest.LoadSigningRequestPem(generated.CsrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), request.PublicKey.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo());
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, new X509KeyUsageExtension(Extension(request, "2.5.29.15"), true).KeyUsages);
    }

    [Theory]
    [InlineData("cluster.example.com", true)]
    [InlineData("*.internal.cluster.example.com", true)]
    [InlineData("a-b.example.com", true)]
    [InlineData("localhost", false)]
    [InlineData("cluster example.com", false)]
    [InlineData("-bad.example.com", false)]
    [InlineData("a.*.example.com", false)]
    [InlineData("../etc", false)]
    [InlineData("", false)]
    public void Tells_dns_names_from_anything_else(string name, bool valid) => Assert.Equal(valid, ClusterDnsNames.IsValid(name));

    [Theory]
    [InlineData("cluster.example.com", "cluster.example.com")]
    [InlineData("..", "unknown-cluster")]
    [InlineData("../../etc", ".._.._etc")]
    [InlineData(null, "unknown-cluster")]
    public void A_cluster_name_from_the_cluster_is_only_ever_one_folder_name(string? clusterName, string folder) =>
        Assert.Equal(folder, ClusterDnsNames.FolderNameOf(clusterName));

    [Fact]
    public void A_batch_with_one_existing_file_writes_nothing_and_leaves_no_temporary_file()
    {
        using var dir = new TempDirectory();
        string existing = dir.Write("proxy.csr", "old");
        using var batch = new FileBatch();
        batch.Add(Path.Combine(dir.Path, "proxy.key"), Encoding.ASCII.GetBytes("key"), isSecret: true);
        batch.Add(existing, Encoding.ASCII.GetBytes("new"), isSecret: false);

        var error = Assert.Throws<CertificateInputException>(() => batch.Commit(overwrite: false));
        Assert.Equal(RenewalIds.FileExists, error.Issue.Id);
        Assert.Equal(existing, error.Issue.Target);
        Assert.Equal(["proxy.csr"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Equal("old", File.ReadAllText(existing));

        batch.Commit(overwrite: true);
        Assert.Equal("new", File.ReadAllText(existing));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir.Path, "proxy.key")));
        }
    }

    [Fact]
    public void A_backup_without_a_key_the_cluster_did_not_return_fails_and_leaves_no_folder()
    {
        using var dir = new TempDirectory();
        var issued = TestCertificates.Rsa();
        var held = new[]
        {
            new ClusterCertificateEntry("proxy", issued.CertificatePem, false, null),
            new ClusterCertificateEntry("mtls_trusted_ca", issued.CertificatePem, false, null),
        };
        CertificateBackup backup = CertificateBackup.For(dir.Path, "cluster.example.com", new DateTime(2026, 11, 29, 3, 15, 0, DateTimeKind.Utc));
        Assert.Equal(Path.Combine(dir.Path, "cluster.example.com", "20261129T031500Z"), backup.Folder);

        var error = Assert.Throws<CertificateInputException>(() => backup.Write(held, ["proxy", "mtls_trusted_ca"], "cluster.example.com", "viewer@example.com"));
        Assert.Equal(RenewalIds.BackupFailed, error.Issue.Id);
        Assert.Contains("'proxy'", error.Message);
        Assert.False(Directory.Exists(backup.Folder));

        // A trusted CA has no key on the cluster, so its certificate alone is a whole backup.
        Assert.Equal(["mtls_trusted_ca"], backup.Write(held, ["mtls_trusted_ca"], "cluster.example.com", "admin@example.com"));
        Assert.Equal(["mtls_trusted_ca.pem"], Directory.GetFiles(backup.Folder).Select(Path.GetFileName));
        Assert.NotEqual(backup.Folder, CertificateBackup.For(dir.Path, "cluster.example.com", new DateTime(2026, 11, 29, 3, 15, 0, DateTimeKind.Utc)).Folder);
    }

    [Fact]
    public void The_report_sorts_by_days_left_marks_urgency_in_words_and_encodes_what_the_cluster_said()
    {
        DateTime now = DateTime.UtcNow;
        RECertificate Make(string name, int days, string cluster) =>
            TestCertificates.View(name, TestCertificates.Rsa(options: new TestCertificates.Options { NotBefore = now.AddDays(-400), NotAfter = now.AddDays(days) }).CertificatePem, clusterName: cluster, utcNow: now);
        RECertificate[] certificates = [Make("api", 200, "b<script>"), Make("proxy", -2, "a"), Make("cm", 20, "a"), Make("syncer", 60, "b<script>")];

        string html = ExpiryReport.Render("T & <b>", certificates, [new ReportFailure("gone", "refused <x>")], now);

        Assert.DoesNotContain("<script", html);
        Assert.Contains("b&lt;script&gt;", html);
        Assert.Contains("<title>T &amp; &lt;b&gt;</title>", html);
        Assert.Contains("refused &lt;x&gt;", html);
        string[] expected = ["proxy", "cm", "syncer", "api"];
        int[] order = expected.Select(n => html.IndexOf($"<strong>{n}</strong>", StringComparison.Ordinal)).ToArray();
        Assert.All(order, i => Assert.True(i > 0));
        Assert.Equal(order.OrderBy(i => i), order);
        Assert.Contains("Expired</span>", html);
        Assert.Contains("Under 30 days</span>", html);
        Assert.Contains("Under 90 days</span>", html);
    }

    [Theory]
    [InlineData(-1, "Expired")]
    [InlineData(0.5, "Under30Days")]
    [InlineData(29.9, "Under30Days")]
    [InlineData(30.1, "Under90Days")]
    [InlineData(89.9, "Under90Days")]
    [InlineData(90.1, "Ok")]
    public void Urgency_follows_whole_days_left(double days, string status)
    {
        DateTime now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(status, ExpiryStatuses.Of(now.AddDays(days), now).ToString());
    }

    // .NET reads a request's extensions untyped: find one by its OID.
    private static X509Extension Extension(CertificateRequest request, string oid) =>
        Assert.Single(request.CertificateExtensions, e => e.Oid!.Value == oid);
}
